import type { TradingState } from './trading-state.ts';

// Same const-union-and-record shape as the journal records on purpose: the domain's way to declare a closed set.
/** What an operator may order from the dashboard, Telegram or the CLI; the engine carries them out. */
export const OPERATOR_COMMANDS = ['pause', 'resume', 'halt', 'close-all', 'kill'] as const;
export type OperatorCommand = (typeof OPERATOR_COMMANDS)[number];

export interface OperatorResult {
  command: OperatorCommand;
  tradingState: TradingState;
  cancelledOrders: number;
  closedPositions: string[];
  errors: string[];
}
