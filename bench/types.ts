/** One line of `npm run bench`: a named figure with its unit. */
export interface BenchFigure {
  name: string;
  value: number;
  unit: string;
  note?: string;
}

export interface BenchSuite {
  name: string;
  run(): Promise<BenchFigure[]>;
}
