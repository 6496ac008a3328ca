import type { Candle } from '../../domain/index.ts';

/** The OHLCV part of a candle that indicators read (the open time is not needed). */
export type OhlcvInput = Pick<Candle, 'open' | 'high' | 'low' | 'close' | 'volume'>;

/**
 * A streaming indicator: O(1) work per update, whatever the history length.
 * `add` appends a closed input; `replace` swaps the latest input (the forming candle) and is
 * idempotent. Invalid input throws IndicatorInputError before any state changes.
 */
export interface StreamingIndicator<Input, Result> {
  readonly name: string;
  /** How many `add`s it takes until the result is no longer null. */
  readonly warmUpInputs: number;
  add(input: Input): Result | null;
  replace(input: Input): Result | null;
  /** null until the indicator is warm. */
  getResult(): Result | null;
  readonly isStable: boolean;
}
