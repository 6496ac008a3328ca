/** A value an indicator cannot use (NaN, Infinity, negative volume, high below low…); state is left untouched. */
export class IndicatorInputError extends Error {
  override readonly name = 'IndicatorInputError';
}

/** An indicator was used in a way its contract forbids, e.g. `replace` before any `add`. */
export class IndicatorUsageError extends Error {
  override readonly name = 'IndicatorUsageError';
}
