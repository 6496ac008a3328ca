/** One thing wrong with the configuration: the variable to change and what to do about it. */
export interface ConfigProblem {
  variable: string;
  message: string;
}

/** The configuration cannot be used. The message lists every problem, never just the first. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  readonly problems: ConfigProblem[];
  /** Likely typos found while loading; they may explain a problem. */
  readonly warnings: string[];

  constructor(problems: ConfigProblem[], heading = 'Invalid configuration', warnings: string[] = []) {
    const count = problems.length === 1 ? '1 problem' : `${problems.length} problems`;
    const lines = problems.map((p) => `  - ${p.message}`);
    if (warnings.length > 0) lines.push('Warnings:', ...warnings.map((w) => `  - ${w}`));
    super(`${heading} (${count}):\n${lines.join('\n')}`);
    this.problems = problems;
    this.warnings = warnings;
  }
}
