#!/usr/bin/env node
import { register } from 'tsx/esm/api';

register();
const { soakMain } = await import('../src/soak/main.ts');
process.exitCode = await soakMain(process.argv.slice(2));
