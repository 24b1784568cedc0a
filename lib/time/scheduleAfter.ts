import { Subscription, type SchedulerLike } from 'rxjs';

/**
 * @internal The longest delay a timer takes as it is: 2^31 − 1 ms (about 24.8
 * days). Browsers and Node keep a timer's delay in 32 bits and fire a longer one
 * at once (Node after 1 ms, with a warning).
 */
export const MAX_TIMER_DELAY = 0x7fffffff;

/**
 * @internal `clock.schedule(work, delay)` for any delay up to `MAX_DURATION`. A
 * delay past {@link MAX_TIMER_DELAY} is waited out in hops of at most that long,
 * each scheduled on `clock` when the one before fires (so a scheduler that wraps
 * another sees every one): honoured on real timers, and on the same frame in
 * virtual time. Unsubscribing drops the pending hop. The one helper for long
 * waits of the whole library (timeouts, retries, windows, leases).
 */
export function scheduleAfter(clock: SchedulerLike, delay: number, work: () => void): Subscription {
  if (!(delay > MAX_TIMER_DELAY)) return clock.schedule(work, delay);
  let hop: Subscription;
  const wait = (left: number): void => {
    hop = clock.schedule(left > MAX_TIMER_DELAY ? () => wait(left - MAX_TIMER_DELAY) : work, Math.min(left, MAX_TIMER_DELAY));
  };
  wait(delay);
  return new Subscription(() => hop.unsubscribe());
}
