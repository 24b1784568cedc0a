import { asyncScheduler, type SchedulerLike } from 'rxjs';
import { marbles } from 'rxjs-marbles/jasmine';
import { RateCancelPolicy, type RateCancelPolicyOptions } from '../../lib/index.js';
import { outcome } from '../helpers/trackers.js';
import { trackerWith } from './support.js';

/** rate r over a 10-frame window (10 ms), acting from `minSamples` finished tasks. */
function tenFrames(rate: number, minSamples: number): RateCancelPolicy {
  return RateCancelPolicy.builder().rate(rate).windowMs(10).minSamples(minSamples).build();
}

describe('RateCancelPolicy', () => {
  it('shuts the tracker down when the failed share reaches the rate (the Rust original never fires)', marbles((m) => {
    const tracker = trackerWith(tenFrames(0.5, 2));
    const running = m.cold('--------|');
    tracker.spawn(running);
    tracker.spawn(m.cold('-|'));
    const failing = tracker.spawn(m.cold('---#'));
    m.expect(running).toHaveSubscriptions('^--!');
    m.flush();
    expect(failing.status).toBe('failed');
    expect(tracker.isClosed()).toBeTrue();
  }));

  describe('slides its window', () => {
    // A success at frame 1, a failure at `frame`: 1 of 2 failed while the success is in the window.
    const cases: [number, boolean][] = [[10, true], [11, false]];
    for (const [frame, shutDown] of cases) {
      it(`${shutDown ? 'still counts' : 'no longer counts'} a success 1 frame ${shutDown ? 'before' : 'after'} the window's end (failure at ${frame})`, marbles((m) => {
        const tracker = trackerWith(tenFrames(0.5, 2));
        tracker.spawn(m.cold('-|'));
        tracker.spawn(m.cold(`${'-'.repeat(frame)}#`));
        m.flush();
        expect(tracker.isClosed()).toBe(shutDown);
      }));
    }
  });

  it('waits for minSamples finished tasks: early failures do not trip it', marbles((m) => {
    const tracker = trackerWith(tenFrames(0.5, 3));
    const running = m.cold('------|');
    tracker.spawn(running);
    tracker.spawn(m.cold('-#'));
    tracker.spawn(m.cold('--#'));
    tracker.spawn(m.cold('---#'));
    m.expect(running).toHaveSubscriptions('^--!');
  }));

  it('only fails the task while the share is below the rate', marbles((m) => {
    const tracker = trackerWith(tenFrames(0.6, 2));
    tracker.spawn(m.cold('-|'));
    const failing = tracker.spawn(m.cold('--#'));
    m.flush();
    expect(failing.status).toBe('failed');
    expect(tracker.isClosed()).toBeFalse();
  }));

  it('counts neither cancelled nor rejected tasks as finished', marbles((m) => {
    const tracker = trackerWith(tenFrames(0.5, 2));
    tracker.spawn(m.cold('-|'));
    const cancelled = [1, 2, 3, 4, 5].map(() => tracker.spawn(m.cold('-----|')));
    m.scheduler.schedule(() => cancelled.forEach((handle) => handle.cancel()), 2);
    tracker.spawn(m.cold('---#'));
    m.flush();
    expect(tracker.metrics().cancelled()).toBe(5);
    expect(tracker.isClosed()).toBeTrue();
  }));

  it('tells its failure rate in the window now', marbles((m) => {
    const policy = tenFrames(0.9, 5);
    const tracker = trackerWith(policy);
    const rates: number[] = [];
    // The success (frame 1) leaves the window at 11, the failure (frame 3) at 13.
    for (const frame of [0, 4, 11, 13]) m.scheduler.schedule(() => rates.push(policy.failureRate()), frame);
    tracker.spawn(m.cold('-|'));
    tracker.spawn(m.cold('---#'));
    m.flush();
    expect(rates).toEqual([0, 0.5, 1, 0]);
  }));

  it('shares its window with its children, and a child’s failure shuts down the tracker it belongs to', marbles((m) => {
    const root = trackerWith(tenFrames(0.5, 2));
    const child = root.childTracker();
    const rootTask = m.cold('-------|');
    root.spawn(m.cold('-|'));
    root.spawn(rootTask);
    child.spawn(m.cold('--#'));
    m.expect(rootTask).toHaveSubscriptions('^-!');
    m.flush();
    expect(root.isClosed()).toBeTrue();
  }));

  it('times outcomes with the given scheduler', async () => {
    let now = 0;
    const scheduler: SchedulerLike = { now: () => now, schedule: asyncScheduler.schedule.bind(asyncScheduler) as SchedulerLike['schedule'] };
    const tracker = trackerWith(RateCancelPolicy.builder().rate(0.5).windowMs(1000).minSamples(2).scheduler(scheduler).build());
    await tracker.spawn(() => 'ok');
    now = 2000;
    await outcome(tracker.spawn(() => Promise.reject(new Error('x'))));
    expect(tracker.isClosed()).toBeFalse();
  });

  it('can be made from an options object, and fills in its defaults', () => {
    const policy = new RateCancelPolicy({ rate: 0.25, windowMs: 30000 });
    expect(policy.options).toEqual({ rate: 0.25, windowMs: 30000, minSamples: 10, scheduler: asyncScheduler });
    expect(policy.createChild().options).toBe(policy.options);
  });

  describe('refuses bad input', () => {
    const setterCases: [string, () => unknown, ErrorConstructor, string][] = [
      ['rate(0)', () => RateCancelPolicy.builder().rate(0), RangeError, 'rate(rate): rate must be a number in (0, 1], got 0 (number)'],
      ['rate(-0.5)', () => RateCancelPolicy.builder().rate(-0.5), RangeError, 'rate(rate): rate must be a number in (0, 1], got -0.5 (number)'],
      ['rate(1.5)', () => RateCancelPolicy.builder().rate(1.5), RangeError, 'rate(rate): rate must be a number in (0, 1], got 1.5 (number)'],
      ['rate(NaN)', () => RateCancelPolicy.builder().rate(NaN), RangeError, 'rate(rate): rate must be a number in (0, 1], got NaN (number)'],
      ["rate('0.5')", () => RateCancelPolicy.builder().rate('0.5' as never), TypeError, "rate(rate): rate must be a number in (0, 1], got '0.5' (string)"],
      ['windowMs(0)', () => RateCancelPolicy.builder().windowMs(0), RangeError, 'windowMs(ms): windowMs must be a number of milliseconds above 0, up to 9007199254740991 (Number.MAX_SAFE_INTEGER), got 0 (number)'],
      ['windowMs(-1)', () => RateCancelPolicy.builder().windowMs(-1), RangeError, 'windowMs(ms): windowMs must be a number of milliseconds above 0, up to 9007199254740991 (Number.MAX_SAFE_INTEGER), got -1 (number)'],
      ['windowMs(NaN)', () => RateCancelPolicy.builder().windowMs(NaN), RangeError, 'windowMs(ms): windowMs must be a number of milliseconds above 0, up to 9007199254740991 (Number.MAX_SAFE_INTEGER), got NaN (number)'],
      ['windowMs(Infinity)', () => RateCancelPolicy.builder().windowMs(Infinity), RangeError, 'windowMs(ms): windowMs must be a number of milliseconds above 0, up to 9007199254740991 (Number.MAX_SAFE_INTEGER), got Infinity (number)'],
      ['windowMs(2 ** 53)', () => RateCancelPolicy.builder().windowMs(2 ** 53), RangeError, 'windowMs(ms): windowMs must be a number of milliseconds above 0, up to 9007199254740991 (Number.MAX_SAFE_INTEGER), got 9007199254740992 (number)'],
      ['windowMs(undefined)', () => RateCancelPolicy.builder().windowMs(undefined as never), TypeError, 'windowMs(ms): windowMs must be a number of milliseconds above 0, up to 9007199254740991 (Number.MAX_SAFE_INTEGER), got undefined'],
      ['windowSecs(60)', () => RateCancelPolicy.builder().windowSecs(60), TypeError, 'windowSecs(seconds) was renamed windowMs(ms) (ms = seconds × 1000)'],
      ['minSamples(0)', () => RateCancelPolicy.builder().minSamples(0), RangeError, 'minSamples(count): minSamples must be an integer >= 1, got 0 (number)'],
      ['minSamples(2.5)', () => RateCancelPolicy.builder().minSamples(2.5), RangeError, 'minSamples(count): minSamples must be an integer >= 1, got 2.5 (number)'],
      ['scheduler({})', () => RateCancelPolicy.builder().scheduler({} as never), TypeError, 'scheduler(scheduler): scheduler must be an RxJS scheduler (with now() and schedule()), got an object'],
    ];
    for (const [what, make, type, message] of setterCases) {
      it(`${what}: ${type.name} at once`, () => expect(make).toThrowError(type, `RateCancelPolicy.builder().${message}`));
    }

    it('build() without rate or windowMs: TypeError naming the missing one', () => {
      expect(() => RateCancelPolicy.builder().windowMs(1000).build()).toThrowError(TypeError, 'RateCancelPolicy.builder().build(): rate must be a number in (0, 1], got undefined');
      expect(() => RateCancelPolicy.builder().rate(0.5).build()).toThrowError(TypeError, 'RateCancelPolicy.builder().build(): windowMs must be a number of milliseconds above 0, up to 9007199254740991 (Number.MAX_SAFE_INTEGER), got undefined');
    });

    it('the same checks in the constructor', () => {
      expect(() => new RateCancelPolicy({ rate: 2, windowMs: 1000 })).toThrowError(RangeError, 'new RateCancelPolicy(options): rate must be a number in (0, 1], got 2 (number)');
      expect(() => new RateCancelPolicy({ rate: 0.5 } as RateCancelPolicyOptions)).toThrowError(TypeError, /windowMs must be a number of milliseconds above 0, .* got undefined/);
    });

    it('refuses an unknown option, naming the known ones; windowSecs names its new name', () => {
      expect(() => new RateCancelPolicy({ rate: 0.5, windowSecs: 60 } as never)).toThrowError(
        TypeError,
        'new RateCancelPolicy(options): windowSecs was renamed windowMs (windowMs = windowSecs × 1000)',
      );
      expect(() => new RateCancelPolicy({ rate: 0.5, windowMs: 1000, minSample: 2 } as never)).toThrowError(
        TypeError,
        "new RateCancelPolicy(options): unknown option 'minSample' (did you mean 'minSamples'?); known options: rate, windowMs, minSamples, scheduler",
      );
    });
  });
});
