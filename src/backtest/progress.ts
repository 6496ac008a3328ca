import type { BacktestProgress } from './run.ts';

const WIDTH = 30;

/** A bar of WIDTH cells for a fraction done, 0..1. */
export function progressBar(done: number): string {
  const filled = Math.round(Math.min(1, Math.max(0, done)) * WIDTH);
  return `${'█'.repeat(filled)}${'░'.repeat(WIDTH - filled)}`;
}

/** One line, redrawn in place: a bar over simulated time, the date reached, candles and cycles. */
export function progressLine(p: BacktestProgress): string {
  const span = p.toMs - p.fromMs;
  const done = span <= 0 ? 1 : Math.min(1, Math.max(0, (p.atMs - p.fromMs) / span));
  const day = new Date(Math.min(p.atMs, p.toMs)).toISOString().slice(0, 10);
  return `backtest ${progressBar(done)} ${(done * 100).toFixed(0).padStart(3)}%  ${day}  ${p.candles} candles  ${p.cycles} cycles`;
}

/** A line redrawn in place on stderr, only when stderr is a terminal; otherwise nothing is written. */
export function terminalLine<P>(
  render: (p: P) => string,
  stream: NodeJS.WriteStream = process.stderr,
): { update: (p: P) => void; done: () => void } | null {
  if (!stream.isTTY) return null;
  let drawn = false;
  return {
    update(p) {
      stream.write(`\r${render(p)}\u001b[K`);
      drawn = true;
    },
    done() {
      if (drawn) stream.write('\n');
      drawn = false;
    },
  };
}

/** The backtest's progress bar on stderr (see terminalLine). */
export function terminalProgress(
  stream: NodeJS.WriteStream = process.stderr,
): { update: (p: BacktestProgress) => void; done: () => void } | null {
  return terminalLine(progressLine, stream);
}
