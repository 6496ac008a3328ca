import { parentPort } from 'node:worker_threads';
import { JobCache, runSweepJob, type SweepJob } from './run-job.ts';

/** Messages a sweep worker sends back to the pool. */
export type WorkerMessage =
  | { type: 'progress'; id: number; fraction: number }
  | { type: 'done'; figures: Awaited<ReturnType<typeof runSweepJob>> }
  | { type: 'failed'; id: number; message: string };

const port = parentPort;
if (!port) throw new Error('src/sweep/worker.ts runs inside a worker thread of the sweep pool');
const cache = new JobCache();
const send = (message: WorkerMessage) => port.postMessage(message);

let running: AbortController | null = null;

port.on('message', (message: SweepJob | 'stop') => {
  if (message === 'stop') {
    running?.abort();
    return;
  }
  const job = message;
  const controller = new AbortController();
  running = controller;
  const progress = (fraction: number) => send({ type: 'progress', id: job.id, fraction });
  runSweepJob(job, cache, progress, controller.signal).then(
    (figures) => send({ type: 'done', figures }),
    (error: unknown) =>
      send({ type: 'failed', id: job.id, message: error instanceof Error ? error.message : String(error) }),
  );
});
