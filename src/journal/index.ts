export * from './errors.ts';
export { Journal, type OpenJournalOptions, openJournal } from './journal.ts';
export type { JournalCycle, JournalOpenPosition, JournalOrder } from './lookups.ts';
