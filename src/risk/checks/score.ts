import type { Adjustment, BlockReason } from '../../domain/index.ts';
import type { OpenContext } from '../context.ts';

const finiteOrNull = (v: number | null): number | null => (v !== null && Number.isFinite(v) ? v : null);

/** Server-side setup score: a trend setup (pre_score) or a range setup (range_score) must qualify. */
export function checkSetupScore(ctx: OpenContext): BlockReason | null {
  if (!ctx.limits.scoreGateEnabled) return null;
  const pre = finiteOrNull(ctx.market.preScore);
  const range = finiteOrNull(ctx.market.rangeScore);
  const trendOk = pre !== null && pre >= ctx.limits.preScoreMin;
  const rangeOk = range !== null && range >= ctx.limits.rangeScoreMin;
  return trendOk || rangeOk ? null : 'LOW_SETUP_SCORE';
}

/**
 * The confidence the leverage caps see: a missing or unreadable confidence counts as 0, values
 * are clamped to 0–100, and with the score gate on it is capped at the best setup score + 10
 * (no score at all caps it at 0).
 */
export function effectiveConfidence(ctx: OpenContext, adjustments: Adjustment[]): number {
  const proposed = ctx.proposal.confidence;
  let confidence: number;
  if (proposed === null || !Number.isFinite(proposed)) {
    confidence = 0;
    adjustments.push({
      field: 'confidence',
      before: proposed === null ? null : String(proposed),
      after: 0,
      reason: 'a missing confidence counts as 0',
    });
  } else {
    confidence = Math.min(100, Math.max(0, proposed));
    if (confidence !== proposed) {
      adjustments.push({
        field: 'confidence',
        before: proposed,
        after: confidence,
        reason: 'clamped to 0–100',
      });
    }
  }
  if (!ctx.limits.scoreGateEnabled) return confidence;
  const scores = [finiteOrNull(ctx.market.preScore), finiteOrNull(ctx.market.rangeScore)].filter(
    (s): s is number => s !== null,
  );
  const cap = scores.length === 0 ? 0 : Math.max(0, Math.max(...scores) + 10);
  if (confidence > cap) {
    adjustments.push({
      field: 'confidence',
      before: confidence,
      after: cap,
      reason:
        scores.length === 0 ? 'no setup score known: capped at 0' : 'capped at the best setup score + 10',
    });
    confidence = cap;
  }
  return confidence;
}
