import type { Command } from 'commander';
import { registerConfigCommand } from './config.ts';
import { registerDataCommand } from './data.ts';
import { registerFeaturesCommand } from './features.ts';
import { registerPromptCommand } from './prompt.ts';

/** Each command lives in its own file and registers itself on the program. */
export type RegisterCommand = (program: Command) => void;

export const commands: RegisterCommand[] = [
  registerDataCommand,
  registerConfigCommand,
  registerFeaturesCommand,
  registerPromptCommand,
];
