#!/usr/bin/env node
// Runs the TypeScript sources directly through tsx, so `npm ci` is the only set-up.
import v8 from 'node:v8';
import { register } from 'tsx/esm/api';

// `warden run` is the long-lived process: V8 keeps its heap small at some CPU cost (docs/backtest.md,
// "Memory of warden run"). Set before tsx's loader thread starts, so its heap follows the flags too.
if (process.argv[2] === 'run') v8.setFlagsFromString('--optimize-for-size');

register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
