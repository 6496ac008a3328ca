import { aiCostSuite } from './ai-cost.ts';
import { backtestSuite } from './backtest.ts';
import { backtestCadenceSuite } from './backtest-cadence.ts';
import { backtestHistorySuite } from './backtest-history.ts';
import { promptSuite } from './decision.ts';
import { engineSuite } from './engine.ts';
import { exchangeEmulatorSuite } from './exchange-emulator.ts';
import { exchangeMatcherSuite } from './exchange-matcher.ts';
import { executionSuite } from './execution.ts';
import { journalSuite } from './journal.ts';
import { marketDataSuite } from './market-data.ts';
import { marketIndicatorsSuite } from './market-indicators.ts';
import { riskGateSuite } from './risk-gate.ts';
import { runMemorySuite } from './run-memory.ts';
import type { BenchSuite } from './types.ts';

/** Each area adds its suite here. */
export const suites: BenchSuite[] = [
  promptSuite,
  marketIndicatorsSuite,
  marketDataSuite,
  exchangeMatcherSuite,
  exchangeEmulatorSuite,
  journalSuite,
  engineSuite,
  runMemorySuite,
  riskGateSuite,
  backtestSuite,
  backtestHistorySuite,
  backtestCadenceSuite,
  executionSuite,
  aiCostSuite,
];
