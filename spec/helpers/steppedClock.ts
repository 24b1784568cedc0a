import { VirtualAction, VirtualTimeScheduler } from 'rxjs';

/** A turn of the event loop: every promise job queued so far has run when it resolves. */
function drainPromiseJobs(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve));
}

/**
 * Virtual time for promise code: a `VirtualTimeScheduler` (give it to a tracker as
 * its `clock`) whose `run()` fires its timers one at a time, in time order, and lets
 * every promise job run between two of them, so `await clock.delay(100)` in a task
 * behaves as `await delay(100)` would, with no real waiting and exact times.
 */
export class SteppedClock extends VirtualTimeScheduler {
  constructor() {
    super(VirtualAction, Infinity);
  }

  /** A promise that resolves `ms` virtual milliseconds from now. */
  delay(ms: number): Promise<void> {
    return new Promise((resolve) => this.schedule(() => resolve(), ms));
  }

  /**
   * Fires the timers due up to `until` (all of them by default), each after the
   * promise jobs of the one before, then moves the clock to `until` if it is finite.
   */
  async run(until = Infinity): Promise<void> {
    for (;;) {
      await drainPromiseJobs();
      const next = this.actions[0];
      if (next === undefined || next.delay > until) break;
      this.actions.shift();
      this.frame = next.delay;
      const error = next.execute(next.state, next.delay);
      if (error) throw error;
    }
    if (Number.isFinite(until)) this.frame = until;
  }
}

/** A deterministic sequence of integers in [min, max] (a linear congruential generator), for the originals' random delays. */
export function seededInts(seed: number, min: number, max: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return min + (state % (max - min + 1));
  };
}
