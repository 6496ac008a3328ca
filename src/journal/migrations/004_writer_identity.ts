/** The writer lock also records which process (boot id + start time) holds it: pids get reused. */
export const migration004 = {
  version: 4,
  name: 'writer_identity',
  sql: `
ALTER TABLE writer_lock ADD COLUMN process_identity TEXT;
`,
};
