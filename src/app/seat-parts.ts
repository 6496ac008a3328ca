import type { WardenConfig } from '../config/schema.ts';
import { createDecider, type Decider } from '../decision/index.ts';
import type { InstrumentRules, TradingState } from '../domain/index.ts';
import { KillSwitchKeeper } from '../engine/kill-switches.ts';
import type { ExchangePort } from '../exchange/port.ts';
import { Executor } from '../execution/executor.ts';
import { PositionManager, stopRulesFrom } from '../execution/position-manager.ts';
import { Reconciler } from '../execution/reconciler.ts';
import { equityPeak, type Journal, openJournal } from '../journal/index.ts';
import { type CurrentTradingState, killSwitchLimitsFrom } from '../risk/index.ts';
import type { Logger } from './logger.ts';

/** One account's executor, kill switches, position manager and reconciler: the lead's and each shadow's alike. */
export function accountParts(
  parts: { config: WardenConfig; journal: Journal; logger: Logger },
  exchange: ExchangePort,
  instruments: ReadonlyMap<string, InstrumentRules>,
  atr: (symbol: string) => number | null,
  clientIdPrefix?: string,
): {
  executor: Executor;
  killSwitches: KillSwitchKeeper;
  positionManager: PositionManager;
  ledger: Reconciler;
} {
  const { config, journal, logger } = parts;
  const executor = new Executor(exchange, clientIdPrefix === undefined ? {} : { clientIdPrefix });
  const killSwitches = keeperFor(parts);
  const positionManager = new PositionManager({
    exchange,
    executor,
    journal,
    rules: stopRulesFrom(config),
    minUpdateIntervalMs: config.STOP_UPDATE_MIN_INTERVAL_SEC * 1000,
    fallbackStopDistancePct: config.MAX_SL_DISTANCE_PCT,
    instruments,
    atr,
    onProtectionFailure: (symbol, reason, nowMs) => killSwitches.protectionFailed(symbol, reason, nowMs),
    log: (line, fields) => logger.info(fields, line),
  });
  const ledger = new Reconciler(exchange, journal, config.SYMBOLS, logger, {
    unknownPositionPolicy: config.UNKNOWN_POSITION_POLICY,
    executor,
    tickSizes: new Map([...instruments].map(([symbol, rules]) => [symbol, rules.tickSize])),
  });
  return { executor, killSwitches, positionManager, ledger };
}

/** What every decider's account is built from: the lead's and each shadow's. */

/**
 * Who set a restored state: a budget stop clears by itself on the next UTC day; anything else
 * waits for the operator after a restart.
 */
function restoredCause(last: { to: TradingState; source: string } | null): CurrentTradingState['cause'] {
  if (!last || last.to === 'ACTIVE') return null;
  return last.to === 'REDUCING' && last.source === 'ai_budget' ? 'AI_BUDGET' : 'OPERATOR';
}

export function keeperFor(parts: {
  config: WardenConfig;
  journal: Journal;
  logger: Logger;
}): KillSwitchKeeper {
  const last = parts.journal.lastTradingState();
  return new KillSwitchKeeper(parts.journal, killSwitchLimitsFrom(parts.config), parts.logger, {
    state: { state: last?.to ?? 'ACTIVE', cause: restoredCause(last) },
    equityPeakUsdt: equityPeak(parts.journal),
  });
}

/**
 * The decider the configuration names. The replay provider answers from the raw responses of the
 * journal in AI_REPLAY_JOURNAL (opened read-only), so a recorded LLM run replays exactly.
 */
export function configuredDecider(config: WardenConfig): Decider {
  if (config.AI_PROVIDER !== 'replay' || !config.AI_REPLAY_JOURNAL) return createDecider(config);
  const recordedJournal = openJournal(config.AI_REPLAY_JOURNAL, { readOnly: true });
  return createDecider(config, {
    recorded: {
      responseFor: (cycleId, promptVersion) => recordedJournal.findRawResponse(cycleId, promptVersion),
    },
  });
}
