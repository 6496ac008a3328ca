#!/usr/bin/env node
import { register } from 'tsx/esm/api';

register();
const { soakMain } = await import('../test/soak/main.ts');
process.exitCode = await soakMain(process.argv.slice(2));
