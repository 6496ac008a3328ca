import { DEFAULT_LEVEL, type Interval } from './bootstrap.ts';
import { normalQuantile } from './stats.ts';

/**
 * Wilson score interval of a proportion (Wilson 1927; recommended by Newcombe 1998 and by Brown,
 * Cai & DasGupta 2001). Unlike a bootstrap or the Wald interval it stays honest at 0 or n events:
 * 0 invalid outputs in 20 decisions gives [0, 16.1 %], not [0, 0].
 */
export function wilsonInterval(events: number, n: number, level = DEFAULT_LEVEL): Interval {
  if (!Number.isInteger(n) || n < 1)
    throw new RangeError(`a proportion needs at least 1 observation, got ${n}`);
  if (!Number.isInteger(events) || events < 0 || events > n)
    throw new RangeError(`events must be an integer in [0, ${n}], got ${events}`);
  if (!(level > 0 && level < 1)) throw new RangeError(`confidence level must be in (0, 1), got ${level}`);
  const z = normalQuantile(1 - (1 - level) / 2);
  const p = events / n;
  const z2n = (z * z) / n;
  const centre = (p + z2n / 2) / (1 + z2n);
  const half = (z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n))) / (1 + z2n);
  return {
    estimate: p,
    low: events === 0 ? 0 : Math.max(0, centre - half),
    high: events === n ? 1 : Math.min(1, centre + half),
    level,
    method: 'wilson',
    n,
  };
}
