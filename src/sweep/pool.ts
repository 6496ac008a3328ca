import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { RunFigures, SweepJob } from './run-job.ts';
import type { WorkerMessage } from './worker.ts';

export interface PoolProgress {
  /** Share of the simulated time of all runs done, 0..1. */
  fraction: number;
  runsDone: number;
  runs: number;
  workers: number;
}

export interface PoolOptions {
  /** Worker threads; default os.availableParallelism(), never more than the runs. */
  workers?: number;
  onProgress?: (progress: PoolProgress) => void;
  /** Aborting terminates every worker and rejects. */
  signal?: AbortSignal;
}

export class SweepRunError extends Error {
  override readonly name = 'SweepRunError';
}

const WORKER_URL = new URL('./worker.mjs', import.meta.url);
/** How long runs in flight get to stop and delete their journals before their workers are ended. */
const STOP_GRACE_MS = 10_000;

/** Runs every job on worker threads, one backtest (and one journal) at a time per worker. */
export function runJobs(jobs: readonly SweepJob[], options: PoolOptions = {}): Promise<RunFigures[]> {
  const size = Math.min(jobs.length, options.workers ?? availableParallelism());
  if (!Number.isInteger(size) || size < 1)
    return jobs.length === 0
      ? Promise.resolve([])
      : Promise.reject(new SweepRunError(`workers must be a whole number ≥ 1, got ${options.workers}`));
  const weights = new Map(jobs.map((j) => [j.id, j.toMs - j.fromMs]));
  const totalWeight = jobs.reduce((s, j) => s + (j.toMs - j.fromMs), 0);
  const partial = new Map<number, number>();
  const results = new Map<number, RunFigures>();
  const queue = [...jobs];
  const workers: Worker[] = [];
  let doneWeight = 0;

  return new Promise<RunFigures[]>((resolve, reject) => {
    let settled = false;
    let stopping: Error | null = null;
    const busy = new Set<Worker>();
    const finish = (error: Error | null) => {
      if (settled) return;
      settled = true;
      options.signal?.removeEventListener('abort', onAbort);
      // No run is in flight any more (or it did not stop in time): each one has deleted its journal.
      for (const w of workers) void w.terminate();
      if (error) reject(error);
      else resolve(jobs.map((j) => results.get(j.id) as RunFigures));
    };
    /** Stops the runs in flight between two instants, so each closes (and deletes) its journal, then fails. */
    const stopAll = (error: Error) => {
      if (settled || stopping) return;
      stopping = error;
      if (busy.size === 0) return finish(error);
      for (const w of busy) w.postMessage('stop');
      setTimeout(() => finish(error), STOP_GRACE_MS).unref();
    };
    const onAbort = () => stopAll(new SweepRunError('sweep stopped before every run finished'));

    const report = () => {
      let inFlight = 0;
      for (const [id, f] of partial) inFlight += f * (weights.get(id) ?? 0);
      options.onProgress?.({
        fraction: totalWeight > 0 ? (doneWeight + inFlight) / totalWeight : 1,
        runsDone: results.size,
        runs: jobs.length,
        workers: size,
      });
    };
    const next = (worker: Worker) => {
      busy.delete(worker);
      if (stopping) {
        if (busy.size === 0) finish(stopping);
        return;
      }
      const job = queue.shift();
      if (job) {
        busy.add(worker);
        worker.postMessage(job);
      } else if (results.size === jobs.length) finish(null);
    };
    for (let i = 0; i < size; i++) {
      const worker = new Worker(WORKER_URL);
      workers.push(worker);
      worker.on('message', (message: WorkerMessage) => {
        if (settled) return;
        if (message.type === 'progress') {
          partial.set(message.id, message.fraction);
          if (!stopping) report();
        } else if (message.type === 'done') {
          const id = message.figures.id;
          partial.delete(id);
          results.set(id, message.figures);
          doneWeight += weights.get(id) ?? 0;
          if (!stopping) report();
          next(worker);
        } else {
          const job = jobs.find((j) => j.id === message.id);
          stopAll(new SweepRunError(`run ${describe(job)} failed: ${message.message}`));
          next(worker);
        }
      });
      worker.on('error', (error) => finish(new SweepRunError(`a sweep worker crashed: ${error.message}`)));
      worker.on('exit', (code) => {
        if (!settled && code !== 0) finish(new SweepRunError(`a sweep worker exited with code ${code}`));
      });
    }
    if (options.signal?.aborted) return finish(new SweepRunError('sweep stopped before any run started'));
    options.signal?.addEventListener('abort', onAbort);
    for (const worker of workers) next(worker);
    report();
  });
}

function describe(job: SweepJob | undefined): string {
  if (!job) return '(unknown)';
  const sample = job.sample === 'in' ? 'in-sample' : 'out-of-sample';
  return `setting ${job.setting + 1}, fold ${job.fold + 1} ${sample} (${new Date(job.fromMs).toISOString().slice(0, 10)} → ${new Date(job.toMs).toISOString().slice(0, 10)})`;
}
