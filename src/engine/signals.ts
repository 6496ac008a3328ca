export interface SignalStop {
  /** Aborts on the first SIGINT or SIGTERM. */
  signal: AbortSignal;
  /** The signal that stopped the run, if any. */
  readonly received: NodeJS.Signals | null;
  dispose(): void;
}

/** Exit codes of a process ended by a signal, as shells report them. */
export const SIGNAL_EXIT_CODES: Record<string, number> = { SIGINT: 130, SIGTERM: 143 };

/**
 * The first SIGINT/SIGTERM asks the run to stop after the step in flight (`onFirst` says so); a
 * second one exits at once, for a step that hangs (a slow model call): every committed journal row
 * is kept either way.
 */
export function stopOnSignals(
  onFirst: (signal: NodeJS.Signals) => void,
  onSecond: (signal: NodeJS.Signals) => void,
): SignalStop {
  const controller = new AbortController();
  let received: NodeJS.Signals | null = null;
  const handler = (signal: NodeJS.Signals) => {
    if (received !== null) {
      onSecond(signal);
      process.exit(SIGNAL_EXIT_CODES[signal] ?? 1);
    }
    received = signal;
    onFirst(signal);
    controller.abort(new Error(`stopped by ${signal}`));
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return {
    signal: controller.signal,
    get received() {
      return received;
    },
    dispose: () => {
      process.off('SIGINT', handler);
      process.off('SIGTERM', handler);
    },
  };
}
