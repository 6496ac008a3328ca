import { type BlockReason, blankProposal, type RiskLimits } from '../domain/index.ts';
import { resolveRiskBudget } from './budget.ts';
import { ADMISSION_CHECKS } from './checks/admission.ts';
import { deepFreeze, type OpenContext } from './context.ts';
import type { ValidAccount } from './input.ts';
import { parseAccount, parseInstrument, parseLimits, parseMarket } from './parse-input.ts';
import { gateRiskCosts, riskRooms } from './rooms.ts';

/** What the gate knows of a symbol before any proposal exists. */
export interface OpenOutlookInput {
  symbol: string;
  account: unknown;
  instrument: unknown;
  market: unknown;
  limits: RiskLimits;
}

/**
 * The smallest order any proposal could size on this side cannot fit: every figure here is a lower
 * bound of what the gate would compute (the lowest fill the entry-deviation band and the book allow,
 * the tightest stop allowed, the cheapest fees), so a reason returned is a reason for every answer.
 */
function sizingBlockers(ctx: OpenContext): BlockReason[] {
  const { limits, instrument, account, market } = ctx;
  if (instrument === null) return [];
  const blocked = new Set<BlockReason>();
  const touches = [market.bestBid, market.bestAsk].filter((p): p is number => p !== null && p > 0);
  const lowestFill =
    Math.min(market.markPrice * (1 - limits.maxEntryDeviationPct), market.markPrice, ...touches) -
    instrument.tickSize;
  if (!(lowestFill > 0)) return [];
  const minNotional = instrument.minQty * lowestFill;
  const feesLow =
    Math.max(0, Math.min(instrument.makerFee, instrument.takerFee)) + Math.max(0, instrument.takerFee);
  const minRisk = minNotional * (limits.minSlDistancePct + limits.slSlippageAllowancePct + feesLow);
  const eps = 1e-9;
  const budget = resolveRiskBudget(limits, account.equityUsdt, account.recentCloses, ctx.proposal.symbol, []);
  if (minRisk > budget.riskBudgetUsdt + eps) blocked.add('BELOW_MIN_ORDER_SIZE');
  if (minNotional > limits.maxNotionalUsdt + eps) blocked.add('BELOW_MIN_ORDER_SIZE');
  const maxLeverage = Math.min(limits.maxLeverageOpen, instrument.maxLeverage);
  if (
    minNotional * (1 / maxLeverage + feesLow) >
    account.walletAvailableUsdt * limits.marginSafetyFactor + eps
  )
    blocked.add('INSUFFICIENT_MARGIN');
  // The same rooms the sizing shrinks to; none can hold even the smallest order.
  for (const room of riskRooms(ctx, gateRiskCosts(ctx, instrument), budget.maxTotalRiskUsdt))
    if (room.roomUsdt < minRisk - eps) blocked.add(room.code);
  return [...blocked];
}

function sideBlockers(ctx: OpenContext): BlockReason[] {
  const reasons = new Set<BlockReason>();
  // Admission reads no price or stop; only the cooldown depends on the side.
  for (const check of ADMISSION_CHECKS) {
    const reason = check(ctx);
    if (reason !== null) reasons.add(reason);
  }
  for (const reason of sizingBlockers(ctx)) reasons.add(reason);
  return [...reasons];
}

/**
 * Why no open on this symbol could pass the gate now, whatever a model answered: side, price,
 * stop, leverage and confidence all free. Empty: some answer could pass, the question is worth
 * asking. Never claims more than the gate would refuse (a property test holds it to that); a
 * broken input is `GATE_ERROR`, as the gate would answer.
 */
export function reasonsNoOpenCanPass(input: OpenOutlookInput): BlockReason[] {
  return openOutlook(input.account, input.limits)(input.symbol, input.instrument, input.market);
}

/** The outlook of one symbol under an account already validated by `openOutlook`. */
export type SymbolOutlook = (symbol: string, instrument: unknown, market: unknown) => BlockReason[];

/**
 * `reasonsNoOpenCanPass` for many symbols of one account (a cycle's): the account and the limits
 * are validated once, each symbol's instrument and market on every call. The account must not
 * change while the outlook is in use.
 */
export function openOutlook(accountInput: unknown, limitsInput: RiskLimits): SymbolOutlook {
  let account: ValidAccount;
  let limits: RiskLimits;
  try {
    limits = parseLimits(limitsInput);
    account = deepFreeze(parseAccount(accountInput));
  } catch {
    return () => ['GATE_ERROR'];
  }
  return (symbol, instrumentInput, marketInput) => {
    try {
      const instrument = parseInstrument(instrumentInput);
      const market = parseMarket(marketInput);
      const perSide = (['LONG', 'SHORT'] as const).map((side) =>
        sideBlockers(
          deepFreeze({
            proposal: blankProposal(symbol, side === 'LONG' ? 'OPEN_LONG' : 'OPEN_SHORT'),
            side,
            account,
            instrument,
            market,
            limits,
          }),
        ),
      );
      const [long, short] = perSide as [BlockReason[], BlockReason[]];
      if (long.length === 0 || short.length === 0) return [];
      return [...new Set([...long, ...short])];
    } catch {
      return ['GATE_ERROR'];
    }
  };
}
