import { NEVER, throwError, defer, of } from 'rxjs';
import { marbles } from 'rxjs-marbles/jasmine';
import { RateLimitScheduler, RetryPolicy, TaskTracker } from '../../lib/index.js';
import { MAX_TIMER_DELAY, RealTimersClock } from '../helpers/timers.js';
import { quietPolicy } from '../helpers/trackers.js';

describe('RateLimitScheduler', () => {
  it('starts at most 3 tasks per 10 frames: 7 tasks start at 0, 0, 0, 10, 10, 10, 20', marbles((m) => {
    const tracker = new TaskTracker(RateLimitScheduler.perInterval(3, 10), quietPolicy());
    const tasks = Array.from({ length: 7 }, () => m.cold('-a|'));
    for (const task of tasks) tracker.spawn(task);
    const at = (frame: number) => `${'-'.repeat(frame)}^-!`;
    const expected = [0, 0, 0, 10, 10, 10, 20];
    tasks.forEach((task, i) => m.expect(task).toHaveSubscriptions(at(expected[i])));
    m.flush();
    expect(tracker.metrics().success()).toBe(7);
  }));

  it('slides its window: no burst above the limit across a boundary', marbles((m) => {
    // 2 per 10 frames: one start at 0 and two at 8; the third waits until 0 leaves the window, at 10.
    const tracker = new TaskTracker(RateLimitScheduler.perInterval(2, 10), quietPolicy());
    const a = m.cold('-a|');
    const b = m.cold('-b|');
    const c = m.cold('-c|');
    const d = m.cold('-d|');
    tracker.spawn(a);
    m.cold('--------x').subscribe(() => {
      tracker.spawn(b);
      tracker.spawn(c);
      tracker.spawn(d);
    });
    m.expect(a).toHaveSubscriptions('^-!');
    m.expect(b).toHaveSubscriptions('--------^-!');
    m.expect(c).toHaveSubscriptions('----------^-!');
    m.expect(d).toHaveSubscriptions('------------------^-!'); // b (8) and c (10) fill the window until 18
  }));

  it('keeps at least minTime between two starts', marbles((m) => {
    const tracker = new TaskTracker(RateLimitScheduler.perInterval(100, 1000, { minTime: 4 }), quietPolicy());
    const a = m.cold('-a|');
    const b = m.cold('-b|');
    const c = m.cold('-c|');
    tracker.spawn(a);
    tracker.spawn(b);
    tracker.spawn(c);
    m.expect(a).toHaveSubscriptions('^-!');
    m.expect(b).toHaveSubscriptions('----^-!');
    m.expect(c).toHaveSubscriptions('--------^-!');
  }));

  it('runs at most `concurrency` at once, first come first served', marbles((m) => {
    const tracker = new TaskTracker(RateLimitScheduler.perInterval(100, 10, { concurrency: 2 }), quietPolicy());
    const a = m.cold('---a|');
    const b = m.cold('-----b|');
    const c = m.cold('--c|');
    tracker.spawn(a);
    tracker.spawn(b);
    tracker.spawn(c);
    m.expect(a).toHaveSubscriptions('^---!');
    m.expect(b).toHaveSubscriptions('^-----!');
    m.expect(c).toHaveSubscriptions('----^--!');
  }));

  it('counts a retry as a start', marbles((m) => {
    const tracker = new TaskTracker(RateLimitScheduler.perInterval(1, 10), new RetryPolicy({ retries: 1, initialDelay: 1, jitter: 'none', inner: quietPolicy() }));
    const starts: number[] = [];
    const handle = tracker.spawn(defer(() => {
      starts.push(m.scheduler.now());
      return starts.length === 1 ? throwError(() => new Error('boom')) : of('ok');
    }));
    m.flush();
    expect(starts).toEqual([0, 10]);
    expect(handle.status).toBe('success');
  }));

  it('drops a cancelled waiting task at once, and holds no timer once nothing waits', marbles((m) => {
    const scheduler = RateLimitScheduler.perInterval(1, 10);
    const tracker = new TaskTracker(scheduler, quietPolicy());
    const a = m.cold('-a|');
    const b = m.cold('-b|');
    const c = m.cold('-c|');
    tracker.spawn(a);
    const hb = tracker.spawn(b);
    tracker.spawn(c);
    expect(scheduler.size).toBe(2);
    m.cold('--x').subscribe(() => hb.cancel());
    m.expect(a).toHaveSubscriptions('^-!');
    m.expect(b).toHaveSubscriptions([]);
    m.expect(c).toHaveSubscriptions('----------^-!');
    m.flush();
    expect(scheduler.size).toBe(0);
    const handles = [tracker.spawn(NEVER), tracker.spawn(NEVER), tracker.spawn(NEVER)];
    expect(scheduler.size).toBe(3);
    for (const handle of handles) handle.cancel();
    expect(scheduler.size).toBe(0);
    expect(m.scheduler.actions.length).withContext('timers left in the virtual scheduler').toBe(0);
  }));

  it('pauses: nothing new starts, running tasks go on, spawning queues; resume starts them as the window allows', marbles((m) => {
    const scheduler = RateLimitScheduler.perInterval(2, 10);
    const tracker = new TaskTracker(scheduler, quietPolicy());
    const a = m.cold('----a|');
    const b = m.cold('-b|');
    const c = m.cold('-c|');
    const d = m.cold('-d|');
    tracker.spawn(a);
    scheduler.pause();
    expect(scheduler.isPaused()).toBeTrue();
    tracker.spawn(b);
    tracker.spawn(c);
    tracker.spawn(d);
    m.cold('---x').subscribe(() => scheduler.resume());
    m.expect(a).toHaveSubscriptions('^----!');
    m.expect(b).toHaveSubscriptions('---^-!');
    m.expect(c).toHaveSubscriptions('----------^-!'); // a (0) and b (3) fill the window
    m.expect(d).toHaveSubscriptions('-------------^-!');
  }));

  describe('past a timer’s 2^31 − 1 ms, on timers that fire such a delay at once (as Node’s and browsers’ do)', () => {
    it('perInterval(1, 3e9): the second task starts after exactly 3e9 ms, and the wait costs 2 timers (nothing spins)', marbles((m) => {
      const clock = new RealTimersClock(m.scheduler);
      const tracker = new TaskTracker(RateLimitScheduler.perInterval(1, 3e9, { scheduler: clock }), quietPolicy());
      const starts: number[] = [];
      tracker.events$.subscribe((event) => event.type === 'started' && starts.push(event.time));
      tracker.spawn(of(1));
      tracker.spawn(of(2));
      m.flush();
      expect(clock.spun).toBeFalse();
      expect(clock.delays.length).toBe(2);
      expect(starts).toEqual([0, 3e9]);
    }));

    it('minTime 2 ** 40: starts stay that far apart', marbles((m) => {
      const clock = new RealTimersClock(m.scheduler);
      const tracker = new TaskTracker(RateLimitScheduler.perInterval(100, 1, { minTime: 2 ** 40, scheduler: clock }), quietPolicy());
      const starts: number[] = [];
      tracker.events$.subscribe((event) => event.type === 'started' && starts.push(event.time));
      for (let i = 0; i < 3; i++) tracker.spawn(of(i));
      m.flush();
      expect(clock.spun).toBeFalse();
      expect(clock.longest()).toBeLessThanOrEqual(MAX_TIMER_DELAY);
      expect(starts).toEqual([0, 2 ** 40, 2 ** 41]);
    }));

    it('perInterval(1, Number.MAX_SAFE_INTEGER): a waiting task holds one timer, which goes when it is cancelled', marbles((m) => {
      const clock = new RealTimersClock(m.scheduler);
      const tracker = new TaskTracker(RateLimitScheduler.perInterval(1, Number.MAX_SAFE_INTEGER, { scheduler: clock }), quietPolicy());
      tracker.spawn(of(1));
      const waiting = tracker.spawn(of(2));
      m.scheduler.schedule(() => waiting.cancel(), 1e12);
      m.flush();
      expect(waiting.status).toBe('cancelled');
      expect(clock.spun).toBeFalse();
      expect(clock.delays.length).toBe(Math.ceil(1e12 / MAX_TIMER_DELAY));
    }));
  });

  const bad: [string, () => unknown, ErrorConstructor, string][] = [
    ['limit 0', () => RateLimitScheduler.perInterval(0, 10), RangeError, 'limit must be an integer >= 1, got 0 (number)'],
    ['limit 1.5', () => RateLimitScheduler.perInterval(1.5, 10), RangeError, 'limit must be an integer >= 1, got 1.5 (number)'],
    ['intervalMs 0', () => RateLimitScheduler.perInterval(1, 0), RangeError, 'intervalMs must be a number of milliseconds above 0, up to 9007199254740991 (Number.MAX_SAFE_INTEGER), got 0 (number)'],
    ['intervalMs 2 ** 53', () => RateLimitScheduler.perInterval(1, 2 ** 53), RangeError, 'up to 9007199254740991 (Number.MAX_SAFE_INTEGER), got 9007199254740992 (number)'],
    ['intervalMs Infinity', () => RateLimitScheduler.perInterval(1, Infinity), RangeError, 'got Infinity (number)'],
    ['concurrency 0', () => RateLimitScheduler.perInterval(1, 10, { concurrency: 0 }), RangeError, 'concurrency must be an integer >= 1 or Infinity, got 0 (number)'],
    ['minTime -1', () => RateLimitScheduler.perInterval(1, 10, { minTime: -1 }), RangeError, 'minTime must be a number of milliseconds from 0 to 9007199254740991 (Number.MAX_SAFE_INTEGER), got -1 (number)'],
    ['minTime Infinity', () => RateLimitScheduler.perInterval(1, 10, { minTime: Infinity }), RangeError, 'got Infinity (number)'],
    ['a scheduler that is not one', () => RateLimitScheduler.perInterval(1, 10, { scheduler: {} as never }), TypeError, 'scheduler must be an RxJS scheduler (with now() and schedule()), got an object'],
  ];
  for (const [name, make, type, message] of bad) {
    it(`refuses ${name}, naming the value`, () => {
      expect(make).toThrowError(type, new RegExp(message.replace(/[()]/g, '\\$&')));
    });
  }
});
