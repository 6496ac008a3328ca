import { setImmediate as nextTurn } from 'node:timers/promises';

/**
 * A replay or backtest at full speed never waits on a timer or a socket, so without a turn given
 * back now and then, signals, timers and the dashboard's requests would wait for the whole run.
 * `maybeYield` gives the event loop one turn once `everyMs` of work has passed: cheap enough to
 * call between every two instants, and a request waits at most about `everyMs` plus one step.
 */
export class EventLoopTurns {
  private nextAt: number;

  constructor(private readonly everyMs = 10) {
    this.nextAt = performance.now() + everyMs;
  }

  async maybeYield(): Promise<void> {
    if (performance.now() < this.nextAt) return;
    await nextTurn();
    this.nextAt = performance.now() + this.everyMs;
  }
}
