/** Base class: every journal failure says which file and what to do. */
export class JournalError extends Error {
  override name = 'JournalError';
}

/** The file is missing, unreadable, not SQLite, or not a Warden journal. */
export class JournalOpenError extends JournalError {
  override name = 'JournalOpenError';
}

/** The file was written by a newer Warden (or needs an upgrade a read-only open cannot do). */
export class JournalVersionError extends JournalError {
  override name = 'JournalVersionError';
}

/** Another live process holds the writer lock. */
export class JournalLockedError extends JournalError {
  override name = 'JournalLockedError';
}

/** A record was refused: bad field, unknown reference, or a write on a read-only journal. */
export class JournalWriteError extends JournalError {
  override name = 'JournalWriteError';
}
