import type { Command } from 'commander';
import { registerArenaCommand } from './arena.ts';
import { registerBacktestCommand } from './backtest.ts';
import { registerConfigCommand } from './config.ts';
import { registerControlCommands } from './control.ts';
import { registerDashboardCommand } from './dashboard.ts';
import { registerDataCommand } from './data.ts';
import { registerDataDownloadCommand } from './data-download.ts';
import { registerDecisionsCommand } from './decisions.ts';
import { registerEmulatorCommand } from './emulator.ts';
import { registerFeaturesCommand } from './features.ts';
import { registerGateCommand } from './gate.ts';
import { registerPromptCommand } from './prompt.ts';
import { registerReportCommand } from './report.ts';
import { registerRunCommand } from './run.ts';
import { registerSweepCommand } from './sweep.ts';

/** Each command lives in its own file and registers itself on the program. */
export type RegisterCommand = (program: Command) => void;

export const commands: RegisterCommand[] = [
  registerRunCommand,
  registerDataCommand,
  registerDataDownloadCommand,
  registerEmulatorCommand,
  registerConfigCommand,
  registerFeaturesCommand,
  registerReportCommand,
  registerArenaCommand,
  registerDashboardCommand,
  registerDecisionsCommand,
  registerPromptCommand,
  registerGateCommand,
  registerBacktestCommand,
  registerSweepCommand,
  registerControlCommands,
];
