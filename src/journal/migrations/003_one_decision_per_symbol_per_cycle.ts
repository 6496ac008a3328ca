/** SPEC 7 / issue 6: exactly one decision row per symbol per cycle, enforced by the file itself. */
export const migration003 = {
  version: 3,
  name: 'one_decision_per_symbol_per_cycle',
  sql: `
CREATE UNIQUE INDEX decisions_one_per_symbol_per_cycle ON decisions(cycle_id, symbol);
`,
};
