import { entrySide, type InstrumentRules } from '../../domain/index.ts';
import { InvalidRequestError, NotModifiedError } from '../errors.ts';
import type { TradingStopRequest } from '../port.ts';
import { isMultipleOf } from '../venue-rules.ts';
import { updateTrailing } from './price-path.ts';
import { checkPrice, checkStopSides } from './rules.ts';
import type { Settlement } from './settlement.ts';
import type { SymbolBook } from './state.ts';

/**
 * Bybit's position trading-stop: stop, take-profit and trailing stop set in place on the
 * position. `0` removes a leg, an absent field leaves it alone, a request that changes nothing
 * is refused as not modified (34040).
 */
export function setTradingStopOn(
  settlement: Settlement,
  book: SymbolBook,
  request: TradingStopRequest,
  nowMs: number,
): void {
  const position = book.position;
  if (!position) {
    throw new InvalidRequestError(
      `${request.symbol} has no position: open one before setting its stop`,
      'can not set tp/sl/ts for zero position',
      10001,
    );
  }
  const rules = book.rules;
  const reference = book.markPrice ?? position.entryPrice;
  const { stopLoss, takeProfit, trailingStop, activePrice } = request;
  // NaN is not "no leg": every sent value other than 0 goes through the rules.
  if (stopLoss !== undefined && stopLoss !== 0) checkPrice(rules, stopLoss, 'stopLoss');
  if (takeProfit !== undefined && takeProfit !== 0) checkPrice(rules, takeProfit, 'takeProfit');
  checkStopSides(entrySide(position.side), reference, stopLoss, takeProfit, 'current price');
  if (trailingStop !== undefined && trailingStop !== 0) checkDistance(rules, trailingStop);
  if (activePrice !== undefined && activePrice !== 0) checkPrice(rules, activePrice, 'activePrice');

  const changesStop = stopLoss !== undefined && (stopLoss || null) !== book.legTrigger('STOP_LOSS');
  const changesTakeProfit =
    takeProfit !== undefined && (takeProfit || null) !== book.legTrigger('TAKE_PROFIT');
  const changesTrailing =
    trailingStop !== undefined &&
    ((trailingStop || null) !== position.trailingDistance ||
      (trailingStop !== 0 && (activePrice ?? null) !== position.trailingActivePrice));
  if (!changesStop && !changesTakeProfit && !changesTrailing) {
    throw new NotModifiedError(`trading stop on ${request.symbol} changes nothing`, 34040);
  }

  if (changesStop) {
    if (stopLoss) settlement.setLeg(book, 'STOP_LOSS', stopLoss, nowMs);
    else settlement.removeLeg(book, 'STOP_LOSS', nowMs);
  }
  if (changesTakeProfit) {
    if (takeProfit) settlement.setLeg(book, 'TAKE_PROFIT', takeProfit, nowMs);
    else settlement.removeLeg(book, 'TAKE_PROFIT', nowMs);
  }
  if (changesTrailing) {
    if (trailingStop) {
      position.trailingDistance = trailingStop;
      position.trailingActivePrice = activePrice ?? null;
      position.trailingBestPrice = null;
      settlement.setLeg(book, 'TRAILING_STOP', null, nowMs);
      updateTrailing(book, reference);
    } else {
      settlement.removeLeg(book, 'TRAILING_STOP', nowMs);
    }
  }
  position.updatedAtMs = nowMs;
  settlement.ledger.emitPosition(book, nowMs);
}

function checkDistance(rules: InstrumentRules, distance: number): void {
  if (!Number.isFinite(distance) || distance <= 0 || !isMultipleOf(distance, rules.tickSize)) {
    throw new InvalidRequestError(
      `trailing stop distance ${distance} must be a positive multiple of the tick ${rules.tickSize}`,
      'trailingStop invalid',
      10001,
    );
  }
}
