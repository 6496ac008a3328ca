import {
  type BootstrapOptions,
  bcaInterval,
  DEFAULT_LEVEL,
  type Interval,
  percentileInterval,
} from './bootstrap.ts';
import {
  type BrierDecomposition,
  brierDecomposition,
  brierScore,
  type Forecast,
  type ReliabilityBucket,
  reliabilityCurve,
} from './calibration.ts';
import { comparePaired, levelForPairs, type PairedComparison } from './compare.ts';
import { type DeciderFigures, type DeciderRecord, deciderFigures } from './figures.ts';
import { wilsonInterval } from './proportion.ts';
import { sortedQuantile } from './stats.ts';

/** One point of a decider's (virtual) account equity. */
export interface EquityPoint {
  atMs: number;
  equityUsdt: number;
}

/**
 * What the arena needs of one decider over the compared span; `dailyPnlUsdt` covers the same UTC
 * days for every decider. The journal's `ArenaDecider` (docs/arena.md, "Journal interface") has
 * this shape.
 */
export interface ArenaDeciderInput extends DeciderRecord {
  /** The decider id as journaled, e.g. `baseline` or `openai:gpt-4o-mini@v5_neutral`. */
  decider: string;
  /** The lead's orders reach the venue; a shadow trades a virtual sub-account. */
  role: 'lead' | 'shadow';
  /** Stated probability (confidence / 100) of each closed trade's opening decision, and whether it won. */
  forecasts: readonly Forecast[];
  /** blocked_by code → decisions carrying it (each decision counts once per code). */
  blockedBy: Readonly<Record<string, number>>;
  modelCalls: number;
  tokensIn: number;
  tokensOut: number;
  tokensCachedIn: number;
  costUsd: number;
  /** One latency per model call, in ms. */
  callLatenciesMs: readonly number[];
  equityCurve: readonly EquityPoint[];
}

export interface ArenaInput {
  /** Span compared: [fromMs, toMs) on UTC day boundaries; `days[i]` ('YYYY-MM-DD') is bucket i of `dailyPnlUsdt`. */
  fromMs: number;
  toMs: number;
  days: readonly string[];
  deciders: readonly ArenaDeciderInput[];
  /** Calibration bucket edges as probabilities, e.g. the journal's CONFIDENCE_BUCKETS / 100. */
  calibrationEdges: readonly number[];
}

export interface BlockedShare {
  code: string;
  decisions: number;
  /** Share of all decisions blocked by this code, with its Wilson interval. */
  rate: Interval;
}

export interface DeciderReport extends DeciderFigures {
  decider: string;
  role: 'lead' | 'shadow';
  startEquityUsdt: number;
  decisions: number;
  invalidOutputs: number;
  /** Sum of closed trades' nets, after fees and funding. */
  netPnlUsdt: number;
  aiCostUsd: number;
  /** Net PnL after fees, funding and AI cost (USD taken as USDT). */
  netPnlAfterAiCostUsdt: number;
  modelCalls: number;
  tokensIn: number;
  tokensOut: number;
  tokensCachedIn: number;
  latencyMedianMs: Interval | null;
  latencyP95Ms: Interval | null;
  blockedBy: BlockedShare[];
  calibration: {
    forecasts: number;
    brier: Interval | null;
    decomposition: BrierDecomposition | null;
    reliability: ReliabilityBucket[];
  };
  equity: EquityPoint[];
}

export interface ArenaPair {
  a: string;
  b: string;
  comparison: PairedComparison;
}

export interface ArenaReport {
  fromMs: number;
  toMs: number;
  days: number;
  level: number;
  /** Level of each pairwise interval so that all verdicts together hold at `level` (Bonferroni). */
  pairLevel: number;
  deciders: DeciderReport[];
  pairs: ArenaPair[];
}

/** Equity points kept per decider for the overlaid curves. */
export const MAX_EQUITY_POINTS = 1000;
/** With more than two deciders the narrower pairwise tails need more resamples. */
const PAIR_RESAMPLES = 10_000;

function checkInput(input: ArenaInput): void {
  if (input.deciders.length === 0) throw new RangeError('the arena needs at least one decider');
  if (!(input.toMs > input.fromMs)) throw new RangeError('the arena span needs toMs after fromMs');
  const names = new Set<string>();
  const days = input.days.length;
  for (const d of input.deciders) {
    if (names.has(d.decider)) throw new RangeError(`decider ${d.decider} appears twice in the arena input`);
    names.add(d.decider);
    if (d.dailyPnlUsdt.length !== days)
      throw new RangeError(
        `every decider needs PnL for each of the ${days} days: ${d.decider} has ${d.dailyPnlUsdt.length}`,
      );
    for (const [code, n] of Object.entries(d.blockedBy))
      if (!Number.isInteger(n) || n < 0 || n > d.decisions)
        throw new RangeError(
          `${d.decider}: ${n} decisions blocked by ${code} is not a count within its ${d.decisions} decisions`,
        );
    if (d.invalidOutputs > d.decisions)
      throw new RangeError(`${d.decider}: more invalid outputs (${d.invalidOutputs}) than decisions`);
  }
}

/** Every `step`-th point, always with the last, so a long run's curve stays drawable. */
function thinned(points: readonly EquityPoint[]): EquityPoint[] {
  if (points.length <= MAX_EQUITY_POINTS) return [...points];
  const step = Math.ceil(points.length / MAX_EQUITY_POINTS);
  const out = points.filter((_, i) => i % step === 0);
  const last = points[points.length - 1] as EquityPoint;
  if (out[out.length - 1] !== last) out.push(last);
  return out;
}

// A typed array sorts numerically without a comparator: 20× faster over thousands of resamples.
const quantile = (p: number) => (sample: readonly number[]) =>
  sortedQuantile(Float64Array.from(sample).sort(), p);

function latency(samples: readonly number[], p: number, options: BootstrapOptions): Interval | null {
  return samples.length >= 2 ? percentileInterval(samples, quantile(p), options) : null;
}

function calibrationOf(
  d: ArenaDeciderInput,
  edges: readonly number[],
  level: number,
  options: BootstrapOptions,
) {
  const f = d.forecasts;
  return {
    forecasts: f.length,
    brier: f.length >= 2 ? bcaInterval(f, brierScore, options) : null,
    decomposition: f.length > 0 ? brierDecomposition(f, edges) : null,
    reliability: f.length > 0 ? reliabilityCurve(f, edges, level) : [],
  };
}

function deciderReport(d: ArenaDeciderInput, input: ArenaInput, options: BootstrapOptions): DeciderReport {
  const level = options.level ?? DEFAULT_LEVEL;
  const netPnlUsdt = d.tradeNetsUsdt.reduce((s, v) => s + v, 0);
  const blockedBy = Object.entries(d.blockedBy)
    .filter(([, n]) => n > 0)
    .sort(([a, x], [b, y]) => y - x || a.localeCompare(b))
    .map(([code, n]) => ({ code, decisions: n, rate: wilsonInterval(n, d.decisions, level) }));
  return {
    decider: d.decider,
    role: d.role,
    startEquityUsdt: d.startEquityUsdt,
    decisions: d.decisions,
    invalidOutputs: d.invalidOutputs,
    ...deciderFigures(d, options),
    netPnlUsdt,
    aiCostUsd: d.costUsd,
    netPnlAfterAiCostUsdt: netPnlUsdt - d.costUsd,
    modelCalls: d.modelCalls,
    tokensIn: d.tokensIn,
    tokensOut: d.tokensOut,
    tokensCachedIn: d.tokensCachedIn,
    latencyMedianMs: latency(d.callLatenciesMs, 0.5, options),
    latencyP95Ms: latency(d.callLatenciesMs, 0.95, options),
    blockedBy,
    calibration: calibrationOf(d, input.calibrationEdges, level, options),
    equity: thinned(d.equityCurve),
  };
}

/**
 * The arena over one span: every decider's figures with intervals, and a paired verdict for every
 * pair over the same UTC days (PnL after AI cost). With more than two deciders each pair is judged
 * at the Bonferroni level, so all verdicts together hold at 95 %.
 */
export function arenaReport(input: ArenaInput, options: BootstrapOptions = {}): ArenaReport {
  checkInput(input);
  const level = options.level ?? DEFAULT_LEVEL;
  const k = input.deciders.length;
  const pairLevel = k > 2 ? levelForPairs(k, level) : level;
  const pairOptions = {
    ...options,
    level: pairLevel,
    resamples: k > 2 ? Math.max(options.resamples ?? 0, PAIR_RESAMPLES) : options.resamples,
  };
  const pairs: ArenaPair[] = [];
  input.deciders.forEach((a, i) => {
    for (const b of input.deciders.slice(i + 1))
      pairs.push({
        a: a.decider,
        b: b.decider,
        comparison: comparePaired(
          { name: a.decider, perBucket: a.dailyPnlUsdt, trades: a.tradeNetsUsdt.length },
          { name: b.decider, perBucket: b.dailyPnlUsdt, trades: b.tradeNetsUsdt.length },
          pairOptions,
        ),
      });
  });
  return {
    fromMs: input.fromMs,
    toMs: input.toMs,
    days: input.days.length,
    level,
    pairLevel,
    deciders: input.deciders.map((d) => deciderReport(d, input, options)),
    pairs,
  };
}
