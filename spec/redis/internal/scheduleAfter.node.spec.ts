import { asyncScheduler, VirtualAction, VirtualTimeScheduler } from 'rxjs';
import { MAX_TIMER_MS, scheduleAfter } from '../../../lib/redis/internal/scheduleAfter.js';

const DAY = 86_400_000;

describe('scheduleAfter', () => {
  const virtual = () => new VirtualTimeScheduler(VirtualAction, Infinity);

  it('runs once, exactly after delays past a timer’s limit (virtual time)', () => {
    for (const delay of [0, 5, MAX_TIMER_MS, MAX_TIMER_MS + 1, 30 * DAY, 365_000 * DAY]) {
      const scheduler = virtual();
      const ran: number[] = [];
      scheduleAfter(scheduler, delay, () => ran.push(scheduler.now()));
      scheduler.flush();
      expect(ran).withContext(`delay ${delay}`).toEqual([delay]);
    }
  });

  it('is cancelled by its subscription at any step of the chain (virtual time)', () => {
    const scheduler = virtual();
    const ran: number[] = [];
    const waiting = scheduleAfter(scheduler, 30 * DAY, () => ran.push(scheduler.now()));
    scheduler.schedule(() => waiting.unsubscribe(), 29 * DAY); // in the 12th step
    scheduler.flush();
    expect(ran).toEqual([]);
    expect(scheduler.now()).toBe(29 * DAY);
  });

  it('does not fire early on a real timer (Node runs a setTimeout of 2³¹ ms after 1 ms)', async () => {
    const ran: string[] = [];
    const waiting = scheduleAfter(asyncScheduler, 30 * DAY, () => ran.push('30 days'));
    scheduleAfter(asyncScheduler, 1, () => ran.push('1 ms'));
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(ran).toEqual(['1 ms']);
    waiting.unsubscribe();
  });
});
