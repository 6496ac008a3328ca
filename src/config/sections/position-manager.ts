import { z } from 'zod';
import { envBool, fraction, nonNegativeNumber, positiveNumber } from '../env-types.ts';

const ladderRung = z.object({
  movePct: z.number().positive().lt(1),
  lockPct: z.number().nonnegative().lt(1),
});

/** `move:lock,move:lock` as fractions, e.g. 0.015:0.005,0.025:0.01 */
const ladder = z.union([
  z.array(ladderRung),
  z.string().transform((v, ctx) => {
    const rungs = [];
    for (const item of v.split(',').map((s) => s.trim())) {
      if (item === '') continue;
      const [move, lock] = item.split(':').map(Number);
      if (move === undefined || lock === undefined || !Number.isFinite(move) || !Number.isFinite(lock)) {
        ctx.addIssue({ code: 'custom', message: `"${item}" is not move:lock (fractions)` });
        return z.NEVER;
      }
      rungs.push({ movePct: move, lockPct: lock });
    }
    return rungs;
  }),
]);

/** SPEC section 6. */
export const positionManagerSection = {
  BREAK_EVEN_ENABLED: envBool
    .default(true)
    .describe('Move the stop to entry ± offset after a favourable move'),
  BREAK_EVEN_TRIGGER_PCT: fraction.default(0.015).describe('Favourable move that arms break-even'),
  BREAK_EVEN_OFFSET_PCT: nonNegativeNumber
    .pipe(z.number().lt(0.05))
    .default(0.001)
    .describe('Offset past entry'),
  PROFIT_LOCK_ENABLED: envBool.default(true).describe('Lock profit on a ladder of favourable moves'),
  PROFIT_LOCK_LADDER: ladder
    .pipe(z.array(ladderRung))
    .default([
      { movePct: 0.015, lockPct: 0.005 },
      { movePct: 0.025, lockPct: 0.01 },
      { movePct: 0.035, lockPct: 0.015 },
      { movePct: 0.045, lockPct: 0.02 },
      { movePct: 0.06, lockPct: 0.03 },
    ])
    .describe('Favourable move → locked profit, fractions of entry'),
  TRAILING_ENABLED: envBool.default(true).describe('ATR trailing stop'),
  TRAILING_ACTIVATION_PCT: fraction.default(0.01).describe('Favourable move that starts trailing'),
  TRAILING_ATR_MULTIPLIER: positiveNumber.default(2.5).describe('Trail distance = ATR × this'),
  TRAILING_MIN_DISTANCE_PCT: fraction.default(0.01).describe('Trail distance floor'),
  TRAILING_MAX_DISTANCE_PCT: fraction.default(0.025).describe('Trail distance ceiling'),
  MAX_HOLDING_MINUTES: nonNegativeNumber.default(0).describe('Time exit; 0 turns it off'),
  STOP_UPDATE_MIN_INTERVAL_SEC: nonNegativeNumber
    .default(10)
    .describe('At most one stop move per this per symbol'),
};
