import type { SchedulerAction, SchedulerLike, Subscription } from 'rxjs';

/**
 * @internal The longest delay a timer keeps: Node and browsers run a `setTimeout`
 * of 2³¹ ms or more after 1 ms, so a longer wait is chained in steps of at most this.
 */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * @internal Runs `work` once, `delay` ms from now on `scheduler` (any size of delay:
 * past {@link MAX_TIMER_MS} it takes several timers, one after the other, in
 * virtual time as well). Unsubscribing cancels it, whichever step it is at.
 */
export function scheduleAfter(scheduler: SchedulerLike, delay: number, work: () => void): Subscription {
  const step = Math.min(delay, MAX_TIMER_MS);
  return scheduler.schedule(wait, step, { left: delay - step, work });
}

function wait(this: SchedulerAction<Waiting>, state?: Waiting): void {
  const waiting = state!;
  if (waiting.left <= 0) return waiting.work();
  const step = Math.min(waiting.left, MAX_TIMER_MS);
  waiting.left -= step;
  // The same action again (a virtual one adds its successor to itself), so the first subscription cancels every step.
  this.schedule(waiting, step);
}

interface Waiting {
  left: number;
  readonly work: () => void;
}
