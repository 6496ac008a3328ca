import { z } from 'zod';
import { envBool, envList, positiveInt, positiveNumber } from '../env-types.ts';

export const MODES = ['paper', 'testnet', 'demo', 'live', 'backtest'] as const;
export const PROFILES = ['live', 'testnet'] as const;

export const runtimeSection = {
  TRADING_MODE: z.enum(MODES).default('paper').describe('paper (default), testnet, demo, live or backtest'),
  PROFILE: z
    .enum(PROFILES)
    .optional()
    .describe(
      'Risk defaults: live or testnet. Default: testnet for testnet/demo mode, live otherwise (paper uses live)',
    ),
  SYMBOLS: envList
    .pipe(
      z.array(z.string().regex(/^[A-Z0-9]{2,20}USDT$/, 'must be USDT perpetual symbols like BTCUSDT')).min(1),
    )
    .default(['BTCUSDT', 'ETHUSDT'])
    .describe('Comma-separated USDT perpetual symbols to trade'),
  DECISION_TIMEFRAME: z
    .enum(['5m', '15m', '30m', '1h', '4h'])
    .default('15m')
    .describe('Timeframe whose candle close starts a decision cycle'),
  CONTEXT_TIMEFRAMES: envList
    .pipe(z.array(z.enum(['15m', '30m', '1h', '2h', '4h', '1d'])))
    .default(['1h', '4h'])
    .describe('Higher timeframes whose features are also shown to the model'),
  POSITION_MANAGER_INTERVAL_SEC: positiveInt
    .default(30)
    .describe('Position manager cadence in live and paper mode'),
  ENTRY_ORDER_TTL_MINUTES: positiveNumber
    .default(30)
    .describe('Unfilled LIMIT entries are cancelled after this'),
  JOURNAL_PATH: z.string().min(1).default('./warden.db').describe('SQLite journal file'),
  LOG_LEVEL: z
    .enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal'])
    .default('info')
    .describe('Log level'),
  LIVE_CONFIRM: envBool.default(false).describe('Must be true (or --confirm-live) to trade real money'),
  PAPER_START_BALANCE_USDT: positiveNumber.default(100).describe('Starting wallet of the paper exchange'),
  PAPER_SLIPPAGE_PCT: positiveNumber.default(0.0005).describe('Adverse slippage of simulated MARKET fills'),
};
