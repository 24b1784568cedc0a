import { asyncScheduler, VirtualAction, VirtualTimeScheduler } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { MAX_DURATION, checkDuration } from '../../lib/errors/checks.js';
import { MAX_TIMER_DELAY, scheduleAfter } from '../../lib/time/scheduleAfter.js';
import { RealTimersClock } from '../helpers/timers.js';

const DAY = 86_400_000;

function virtual(): TestScheduler {
  return new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
}

describe('scheduleAfter', () => {
  it('takes a delay a timer takes as it is in one timer', () => {
    virtual().run(({ flush }) => {
      const clock = new RealTimersClock(asyncScheduler);
      const fired: number[] = [];
      scheduleAfter(clock, MAX_TIMER_DELAY, () => fired.push(clock.now()));
      flush();
      expect(fired).toEqual([MAX_TIMER_DELAY]);
      expect(clock.delays).toEqual([MAX_TIMER_DELAY]);
    });
  });

  for (const delay of [2 ** 31, 3e9, 1e12, 2 ** 40 + 0.5]) {
    it(`waits ${delay} ms on the clock's timers, in hops a timer takes as they are (virtual time)`, () => {
      virtual().run(({ flush }) => {
        // Timers that fire at once past 2^31 − 1 ms, as Node's and browsers' do.
        const clock = new RealTimersClock(asyncScheduler);
        const fired: number[] = [];
        scheduleAfter(clock, delay, () => fired.push(clock.now()));
        flush();
        expect(fired).toEqual([delay]);
        expect(clock.longest()).toBeLessThanOrEqual(MAX_TIMER_DELAY);
        expect(clock.delays.length).toBe(Math.ceil(delay / MAX_TIMER_DELAY));
      });
    });
  }

  it('runs once, exactly after any delay, on a plain VirtualTimeScheduler', () => {
    for (const delay of [0, 5, MAX_TIMER_DELAY, MAX_TIMER_DELAY + 1, 30 * DAY, 365_000 * DAY]) {
      const scheduler = new VirtualTimeScheduler(VirtualAction, Infinity);
      const ran: number[] = [];
      scheduleAfter(scheduler, delay, () => ran.push(scheduler.now()));
      scheduler.flush();
      expect(ran).withContext(`delay ${delay}`).toEqual([delay]);
    }
  });

  it('is cancelled by its subscription at any hop (here the 12th of a 30-day wait)', () => {
    const scheduler = new VirtualTimeScheduler(VirtualAction, Infinity);
    const ran: number[] = [];
    const waiting = scheduleAfter(scheduler, 30 * DAY, () => ran.push(scheduler.now()));
    scheduler.schedule(() => waiting.unsubscribe(), 29 * DAY);
    scheduler.flush();
    expect(ran).toEqual([]);
    expect(scheduler.now()).toBe(29 * DAY);
  });

  it('waits Number.MAX_SAFE_INTEGER ms without firing early, and unsubscribing drops the pending hop', () => {
    const scheduler = virtual();
    scheduler.run(() => {
      const clock = new RealTimersClock(asyncScheduler);
      let fired = false;
      const wait = scheduleAfter(clock, Number.MAX_SAFE_INTEGER, () => (fired = true));
      asyncScheduler.schedule(() => wait.unsubscribe(), 1e12);
      scheduler.flush();
      expect(fired).toBeFalse();
      expect(scheduler.now()).toBe(1e12);
      // The hops until 1e12, and not one more after it.
      expect(clock.delays.length).toBe(Math.ceil(1e12 / MAX_TIMER_DELAY));
      expect(clock.longest()).toBe(MAX_TIMER_DELAY);
    });
  });

  it('asks real timers for no delay they would cut short (setInterval, as RxJS’s asyncScheduler calls it)', () => {
    const asked: number[] = [];
    const realSetInterval = globalThis.setInterval;
    const spy = spyOn(globalThis, 'setInterval').and.callFake(((handler: () => void, delay?: number) => {
      asked.push(delay ?? 0);
      return realSetInterval(handler, delay);
    }) as typeof setInterval);
    const wait = scheduleAfter(asyncScheduler, 3e9, () => fail('fired'));
    wait.unsubscribe();
    expect(spy).toHaveBeenCalled();
    expect(Math.max(...asked)).toBeLessThanOrEqual(MAX_TIMER_DELAY);
  });
});

describe('checkDuration', () => {
  it('takes 0 (or not, when positive) up to Number.MAX_SAFE_INTEGER, and Infinity only where it means something', () => {
    expect(checkDuration(0, 'delay', false)).toBe(0);
    expect(checkDuration(MAX_DURATION, 'delay', false)).toBe(MAX_DURATION);
    expect(checkDuration(0.5, 'timeout', true)).toBe(0.5);
    expect(checkDuration(Infinity, 'timeout', true, 'no timeout')).toBe(Infinity);
    expect(() => checkDuration(0, 'timeout', true)).toThrowError(RangeError, 'timeout must be a number of milliseconds above 0, up to 9007199254740991 (Number.MAX_SAFE_INTEGER), got 0 (number)');
    expect(() => checkDuration(Infinity, 'delay', false)).toThrowError(RangeError, 'delay must be a number of milliseconds from 0 to 9007199254740991 (Number.MAX_SAFE_INTEGER), got Infinity (number)');
    expect(() => checkDuration(MAX_DURATION + 2, 'delay', false)).toThrowError(RangeError, /got 9007199254740992 \(number\)$/);
    expect(() => checkDuration(1e300, 'timeout', true, 'no timeout')).toThrowError(RangeError, /, or Infinity for no timeout, got 1e\+300 \(number\)$/);
    expect(() => checkDuration(NaN, 'delay', false)).toThrowError(RangeError);
    expect(() => checkDuration('5', 'delay', false)).toThrowError(TypeError, /got '5' \(string\)$/);
  });
});
