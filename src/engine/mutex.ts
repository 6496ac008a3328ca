/** Runs async steps one at a time: a decision cycle, a stop update and an operator command never interleave. */
export class Mutex {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(step: () => Promise<T>): Promise<T> {
    const result = this.tail.then(step, step);
    this.tail = result.catch(() => undefined);
    return result;
  }
}
