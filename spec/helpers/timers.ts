import { Subscription, type SchedulerAction, type SchedulerLike } from 'rxjs';

/** The longest delay a browser's or Node's timer takes as it is. */
export const MAX_TIMER_DELAY = 2 ** 31 - 1;

/**
 * A virtual clock with real timers' flaw: it runs on `inner` (a TestScheduler),
 * but a delay past 2^31 − 1 ms fires after 1 ms, as Node's and browsers' timers
 * do. It records every delay it is asked for, and stops scheduling after `limit`
 * calls (a timer that spins), saying so in `spun`.
 */
export class RealTimersClock implements SchedulerLike {
  /** Every delay asked for, in order. */
  readonly delays: number[] = [];
  /** Whether it was asked for more than `limit` timers. */
  spun = false;

  constructor(
    private readonly _inner: SchedulerLike,
    private readonly _limit = 10_000,
  ) {}

  now(): number {
    return this._inner.now();
  }

  schedule<T>(work: (this: SchedulerAction<T>, state?: T) => void, delay = 0, state?: T): Subscription {
    this.delays.push(delay);
    if (this.delays.length > this._limit) {
      this.spun = true;
      return Subscription.EMPTY;
    }
    return this._inner.schedule(work, delay > MAX_TIMER_DELAY ? 1 : delay, state);
  }

  /** The longest delay asked for. */
  longest(): number {
    return Math.max(0, ...this.delays);
  }
}
