/** Funding is summed per position for every closed trade in the report. */
export const migration002 = {
  version: 2,
  name: 'funding_by_position',
  sql: `
CREATE INDEX funding_position ON funding_payments(position_id);
CREATE INDEX position_opens_decision ON position_opens(decision_id);
CREATE INDEX orders_decision ON orders(decision_id);
`,
};
