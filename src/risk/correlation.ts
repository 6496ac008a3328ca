import type { CorrelationMatrix } from './exposure.ts';

/**
 * Pearson correlation of two return series over their common most recent `window` points
 * (aligned at the end). null when fewer than 3 points overlap or a series does not move: an
 * unknown correlation, which the gate treats as correlated.
 */
export function pearsonCorrelation(
  a: readonly number[],
  b: readonly number[],
  window = Infinity,
): number | null {
  const n = Math.min(a.length, b.length, window);
  if (!(n >= 3)) return null;
  const xs = a.slice(a.length - n);
  const ys = b.slice(b.length - n);
  if (!xs.every(Number.isFinite) || !ys.every(Number.isFinite)) return null;
  const meanX = xs.reduce((s, v) => s + v, 0) / n;
  const meanY = ys.reduce((s, v) => s + v, 0) / n;
  let cov = 0;
  let varX = 0;
  let varY = 0;
  for (let i = 0; i < n; i++) {
    const dx = (xs[i] as number) - meanX;
    const dy = (ys[i] as number) - meanY;
    cov += dx * dy;
    varX += dx * dx;
    varY += dy * dy;
  }
  if (varX === 0 || varY === 0) return null;
  return Math.max(-1, Math.min(1, cov / Math.sqrt(varX * varY)));
}

/** Close-to-close returns of a price series. */
export function returnsOf(closes: readonly number[]): number[] {
  const out: number[] = [];
  for (let i = 1; i < closes.length; i++) {
    const prev = closes[i - 1] as number;
    out.push(prev > 0 ? (closes[i] as number) / prev - 1 : Number.NaN);
  }
  return out;
}

/**
 * The matrix the gate reads (`market.correlations`), from return series per symbol, e.g. the last
 * CORRELATION_WINDOW decision-candle returns. Pairs whose correlation is unknown are left out.
 */
export function correlationMatrix(
  returnsBySymbol: Readonly<Record<string, readonly number[]>>,
  window = Infinity,
): CorrelationMatrix {
  const symbols = Object.keys(returnsBySymbol).sort();
  const matrix: Record<string, Record<string, number>> = {};
  for (let i = 0; i < symbols.length; i++) {
    for (let j = i + 1; j < symbols.length; j++) {
      const a = symbols[i] as string;
      const b = symbols[j] as string;
      const rho = pearsonCorrelation(returnsBySymbol[a] ?? [], returnsBySymbol[b] ?? [], window);
      if (rho === null) continue;
      matrix[a] ??= {};
      matrix[a][b] = rho;
    }
  }
  return matrix;
}
