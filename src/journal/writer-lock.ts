import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import type { Database } from 'better-sqlite3';
import { JournalLockedError } from './errors.ts';

export interface WriterLock {
  token: string;
  /** Set when a lock left by a dead process was taken over (a crash before). */
  staleLockPid: number | null;
}

/** Writer locks this process holds: token → file. */
const heldHere = new Map<string, string>();

/**
 * One writer per file: a row in writer_lock names the holder (pid, host, and on Linux the
 * process's boot id and start time, so a reused pid is not mistaken for the holder). A holder
 * still alive on this host refuses the open; a dead one (a crash, SIGKILL) is taken over.
 */
export function acquireWriterLock(db: Database, file: string): WriterLock {
  const token = randomUUID();
  const host = hostname();
  const lock = db
    .transaction((): WriterLock => {
      const holder = db
        .prepare('SELECT pid, host, acquired_at_ms, process_identity FROM writer_lock WHERE id = 1')
        .get() as
        | { pid: number; host: string; acquired_at_ms: number; process_identity: string | null }
        | undefined;
      let staleLockPid: number | null = null;
      if (holder) {
        const since = new Date(holder.acquired_at_ms).toISOString();
        if (holder.host !== host) {
          throw new JournalLockedError(
            `journal ${file} is held by process ${holder.pid} on host ${holder.host} since ${since}; ` +
              'only one writer may run. Stop it, or if that host is gone remove the writer_lock row',
          );
        }
        if (holderIsAlive(holder.pid, holder.process_identity)) {
          throw new JournalLockedError(
            `journal ${file} is already open for writing by process ${holder.pid} (since ${since}); ` +
              'only one bot may write a journal. Stop that process or use another JOURNAL_PATH',
          );
        }
        staleLockPid = holder.pid;
        db.prepare('DELETE FROM writer_lock WHERE id = 1').run();
      }
      db.prepare(
        `INSERT INTO writer_lock (id, pid, host, token, acquired_at_ms, process_identity)
         VALUES (1, ?, ?, ?, ?, ?)`,
      ).run(process.pid, host, token, Date.now(), processIdentity(process.pid));
      return { token, staleLockPid };
    })
    .immediate();
  heldHere.set(lock.token, file);
  return lock;
}

export function releaseWriterLock(db: Database, token: string): void {
  heldHere.delete(token);
  db.prepare('DELETE FROM writer_lock WHERE id = 1 AND token = ?').run(token);
}

function holderIsAlive(pid: number, identity: string | null): boolean {
  // Our own pid: held by this process only if we opened it; otherwise it is a previous
  // incarnation that had the same pid (a container restart).
  if (pid === process.pid) {
    const mine = processIdentity(pid);
    if (identity !== null && mine !== null) return identity === mine;
    return heldHere.size > 0;
  }
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  const current = processIdentity(pid);
  // A live process with another start time is a stranger that got the pid after a crash.
  return identity === null || current === null || current === identity;
}

/** "<boot id>:<start time in clock ticks>" on Linux; null where /proc is not available. */
export function processIdentity(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const startTicks = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
    const bootId = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
    return startTicks ? `${bootId}:${startTicks}` : null;
  } catch {
    return null;
  }
}
