import { errorText } from '../domain/index.ts';
import type { Logger } from '../domain/logger.ts';
import type { OperatorCommand, OperatorResult } from '../domain/operator-commands.ts';
import { OrderNotFoundError } from '../exchange/errors.ts';
import type { ExchangePort } from '../exchange/port.ts';
import { clientOrderId } from '../execution/client-id.ts';
import type { Executor } from '../execution/executor.ts';
import type { Journal } from '../journal/index.ts';
import type { KillSwitchKeeper } from './kill-switches.ts';
import type { Mutex } from './mutex.ts';

export interface ControlDeps {
  exchange: ExchangePort;
  executor: Executor;
  journal: Journal;
  killSwitches: KillSwitchKeeper;
  logger: Logger;
  mutex: Mutex;
  now: () => Promise<number>;
}

/**
 * What an operator can do to a running bot (through its local API): pause (REDUCING: no new
 * opens), resume (ACTIVE), halt (HALTED: nothing but closes), close-all (pause, cancel every
 * open order, close every position reduce-only) and kill (halt, then close-all). Each runs
 * between engine steps and is journaled with its reason.
 */
export class OperatorControls {
  constructor(private readonly deps: ControlDeps) {}

  run(command: OperatorCommand, note?: string): Promise<OperatorResult> {
    return this.deps.mutex.run(() => this.apply(command, note));
  }

  private async apply(command: OperatorCommand, note?: string): Promise<OperatorResult> {
    const { deps } = this;
    const nowMs = await deps.now();
    const result: OperatorResult = {
      command,
      tradingState: 'ACTIVE',
      cancelledOrders: 0,
      closedPositions: [],
      errors: [],
    };
    const stateCommand = command === 'close-all' ? 'pause' : command === 'kill' ? 'halt' : command;
    deps.killSwitches.operator(stateCommand, nowMs, note);
    deps.journal.recordEvent({
      atMs: nowMs,
      kind: `operator.${command}`,
      severity: command === 'kill' || command === 'halt' ? 'critical' : 'warn',
      message: `operator ${command}${note ? `: ${note}` : ''}`,
      detail: { note: note ?? null },
    });
    if (command === 'close-all' || command === 'kill') await this.flatten(nowMs, result);
    result.tradingState = deps.killSwitches.state.state;
    deps.logger.warn(
      { command, result },
      `operator ${command} applied: trading state ${result.tradingState}`,
    );
    return result;
  }

  private async flatten(nowMs: number, result: OperatorResult): Promise<void> {
    const { exchange, executor } = this.deps;
    for (const order of await exchange.getOpenOrders()) {
      if (order.stopKind !== 'NONE') continue;
      try {
        await exchange.cancelOrder({ symbol: order.symbol, orderId: order.orderId });
        result.cancelledOrders += 1;
      } catch (error) {
        if (!(error instanceof OrderNotFoundError))
          result.errors.push(`cancel ${order.clientOrderId}: ${errorText(error)}`);
      }
    }
    for (const position of await exchange.getPositions()) {
      if (position.qty <= 0) continue;
      this.deps.journal.recordOrderEvent({
        atMs: nowMs,
        clientOrderId: clientOrderId(nowMs, position.symbol, 'protect-close'),
        state: 'INTENT',
        symbol: position.symbol,
        side: position.side === 'LONG' ? 'SELL' : 'BUY',
        type: 'MARKET',
        role: 'CLOSE',
        qty: position.qty,
        reduceOnly: true,
        reason: 'operator close-all',
      });
      const report = await executor.closePosition(
        position.symbol,
        position.side,
        position.qty,
        nowMs,
        'protect-close',
      );
      if (report.status === 'rejected' || report.status === 'outcome-unknown') {
        result.errors.push(`close ${position.symbol}: ${report.error ?? report.status}`);
      } else {
        result.closedPositions.push(position.symbol);
      }
      this.deps.journal.recordOrderEvent({
        atMs: nowMs,
        clientOrderId: report.clientOrderId,
        state:
          report.status === 'rejected'
            ? 'REJECTED'
            : report.status === 'outcome-unknown'
              ? 'OUTCOME_UNKNOWN'
              : 'SUBMITTED',
        exchangeOrderId: report.orderId,
        reason: report.error,
      });
    }
  }
}
