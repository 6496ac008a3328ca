import { setFastValidation } from '../risk/index.ts';

/**
 * Runs `run` with the hand-written fast paths on (the default) or off: off is a backtest's
 * reference path, which validates every gate input with its zod schema alone. The setting is the
 * process's while `run` lasts and is put back after it, so runs that overlap in one process
 * should ask for the same setting.
 */
export async function withFastPaths<T>(on: boolean, run: () => Promise<T>): Promise<T> {
  setFastValidation(on);
  try {
    return await run();
  } finally {
    setFastValidation(true);
  }
}
