/** The backtest cannot run as asked (data, window, timeframes): the message says what to change. */
export class BacktestInputError extends Error {
  override readonly name = 'BacktestInputError';
}
