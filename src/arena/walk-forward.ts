export interface Span {
  fromMs: number;
  toMs: number;
}

export interface Fold {
  index: number;
  inSample: Span;
  outOfSample: Span;
}

export interface FoldPlan extends Span {
  inSampleMs: number;
  outOfSampleMs: number;
  /** Anchored: every in-sample span starts at `fromMs` and grows; rolling: it keeps its length and slides. */
  anchored: boolean;
  /** How far each fold moves; the out-of-sample length by default, so out-of-sample spans tile without overlap. */
  stepMs?: number;
}

/** Walk-forward folds by time: in-sample [a, b), out-of-sample [b, b + oos), every span inside [fromMs, toMs). */
export function walkForwardFolds(plan: FoldPlan): Fold[] {
  const step = plan.stepMs ?? plan.outOfSampleMs;
  for (const [name, v] of [
    ['inSampleMs', plan.inSampleMs],
    ['outOfSampleMs', plan.outOfSampleMs],
    ['stepMs', step],
  ] as const)
    if (!(v > 0)) throw new RangeError(`${name} must be positive, got ${v}`);
  const folds: Fold[] = [];
  for (let k = 0; ; k++) {
    const split = plan.fromMs + plan.inSampleMs + k * step;
    const end = split + plan.outOfSampleMs;
    if (end > plan.toMs) break;
    const start = plan.anchored ? plan.fromMs : split - plan.inSampleMs;
    folds.push({
      index: k,
      inSample: { fromMs: start, toMs: split },
      outOfSample: { fromMs: split, toMs: end },
    });
  }
  if (folds.length === 0)
    throw new RangeError(
      `no fold fits: ${plan.inSampleMs + plan.outOfSampleMs} ms of in- plus out-of-sample needed, the span has ${plan.toMs - plan.fromMs} ms`,
    );
  return folds;
}

/** One setting's score (e.g. daily Sharpe) on one fold, in and out of sample. */
export interface FoldScore {
  setting: string;
  fold: number;
  inSample: number;
  outOfSample: number;
}

export interface WalkForwardResult {
  /** Per fold, the setting chosen on its in-sample score and what it then did out of sample. */
  chosen: FoldScore[];
  meanInSample: number;
  meanOutOfSample: number;
  /** Mean in-sample minus mean out-of-sample score of the chosen settings: the optimism of choosing. */
  gap: number;
  /** Out-of-sample over in-sample mean (walk-forward efficiency); null when the in-sample mean is 0. */
  efficiency: number | null;
}

/** Choose in sample, report out of sample: per fold the best in-sample setting (ties to the first listed). */
export function chooseInSample(scores: readonly FoldScore[]): WalkForwardResult {
  const byFold = new Map<number, FoldScore>();
  for (const s of scores) {
    if (!Number.isFinite(s.inSample) || !Number.isFinite(s.outOfSample))
      throw new RangeError(`setting ${s.setting} on fold ${s.fold} has a non-finite score`);
    const best = byFold.get(s.fold);
    if (!best || s.inSample > best.inSample) byFold.set(s.fold, s);
  }
  if (byFold.size === 0) throw new RangeError('no fold scores to choose from');
  const chosen = [...byFold.values()].sort((x, y) => x.fold - y.fold);
  const meanInSample = chosen.reduce((s, c) => s + c.inSample, 0) / chosen.length;
  const meanOutOfSample = chosen.reduce((s, c) => s + c.outOfSample, 0) / chosen.length;
  return {
    chosen,
    meanInSample,
    meanOutOfSample,
    gap: meanInSample - meanOutOfSample,
    efficiency: meanInSample === 0 ? null : meanOutOfSample / meanInSample,
  };
}
