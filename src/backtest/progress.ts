import type { BacktestProgress } from './run.ts';

const WIDTH = 30;

/** One line, redrawn in place: a bar over simulated time, the date reached, candles and cycles. */
export function progressLine(p: BacktestProgress): string {
  const span = p.toMs - p.fromMs;
  const done = span <= 0 ? 1 : Math.min(1, Math.max(0, (p.atMs - p.fromMs) / span));
  const filled = Math.round(done * WIDTH);
  const bar = `${'█'.repeat(filled)}${'░'.repeat(WIDTH - filled)}`;
  const day = new Date(Math.min(p.atMs, p.toMs)).toISOString().slice(0, 10);
  return `backtest ${bar} ${(done * 100).toFixed(0).padStart(3)}%  ${day}  ${p.candles} candles  ${p.cycles} cycles`;
}

/** A progress bar on stderr, only when stderr is a terminal; otherwise nothing is written. */
export function terminalProgress(
  stream: NodeJS.WriteStream = process.stderr,
): { update: (p: BacktestProgress) => void; done: () => void } | null {
  if (!stream.isTTY) return null;
  let drawn = false;
  return {
    update(p) {
      stream.write(`\r${progressLine(p)}\u001b[K`);
      drawn = true;
    },
    done() {
      if (drawn) stream.write('\n');
    },
  };
}
