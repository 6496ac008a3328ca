/** One problem found in a market-data file, with the 1-based line it is on (0 when it concerns the whole file). */
export interface MarketDataProblem {
  line: number;
  message: string;
}

/** How many problems an error message lists before it summarises the rest. */
export const MAX_LISTED_PROBLEMS = 20;

function describe(file: string, problems: readonly MarketDataProblem[]): string {
  const where = (problem: MarketDataProblem): string =>
    problem.line > 0 ? `${file} line ${problem.line}: ${problem.message}` : `${file}: ${problem.message}`;
  const [first] = problems;
  if (problems.length === 1 && first) return where(first);
  const listed = problems.slice(0, MAX_LISTED_PROBLEMS).map((problem) => `  ${where(problem)}`);
  const more = problems.length - listed.length;
  return [
    `${file}: ${problems.length} problems`,
    ...listed,
    ...(more > 0 ? [`  … and ${more} more`] : []),
  ].join('\n');
}

/**
 * Bad market data: a file, a line and what is wrong with it, e.g.
 * "BTCUSDT-5m.csv line 1234: high (100) is below low (101)". Bad data is never used silently.
 */
export class MarketDataError extends Error {
  override readonly name = 'MarketDataError';
  /** The file (or source name) as the caller gave it. */
  readonly file: string;
  /** Line of the first problem (1-based; 0 when the problem concerns the whole file). */
  readonly line: number;
  readonly problems: readonly MarketDataProblem[];

  constructor(file: string, problems: readonly MarketDataProblem[]) {
    if (problems.length === 0) throw new Error('MarketDataError needs at least one problem');
    super(describe(file, problems));
    this.file = file;
    this.line = problems[0]?.line ?? 0;
    this.problems = problems;
  }

  static at(file: string, line: number, message: string): MarketDataError {
    return new MarketDataError(file, [{ line, message }]);
  }
}
