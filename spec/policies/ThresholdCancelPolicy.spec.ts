import { marbles } from 'rxjs-marbles/jasmine';
import { ThresholdCancelPolicy } from '../../lib/index.js';
import { outcome } from '../helpers/trackers.js';
import { trackerWith } from './support.js';

describe('ThresholdCancelPolicy', () => {
  it('shuts the tracker down at the second failure with threshold 2 (the Rust original never fires at >= 2)', marbles((m) => {
    const policy = ThresholdCancelPolicy.withThreshold(2);
    const tracker = trackerWith(policy);
    const running = m.cold('--------|');
    const first = tracker.spawn(m.cold('--#'));
    const second = tracker.spawn(m.cold('----#'));
    const other = tracker.spawn(running);
    const closedAt: number[] = [];
    m.scheduler.schedule(() => closedAt.push(Number(tracker.isClosed())), 3);
    m.expect(running).toHaveSubscriptions('^---!');
    m.flush();
    expect(closedAt).toEqual([0]);
    expect([first.status, second.status, other.status]).toEqual(['failed', 'failed', 'cancelled']);
    expect(policy.failureCount()).toBe(2);
  }));

  it('shuts down at the first failure with threshold 1', marbles((m) => {
    const tracker = trackerWith(ThresholdCancelPolicy.withThreshold(1));
    const running = m.cold('-----|');
    tracker.spawn(running);
    tracker.spawn(m.cold('-#'));
    m.expect(running).toHaveSubscriptions('^!');
  }));

  it('counts again from 0 after resetFailureCount()', async () => {
    const policy = ThresholdCancelPolicy.withThreshold(3);
    const tracker = trackerWith(policy);
    const fail = () => outcome(tracker.spawn(() => Promise.reject(new Error('x'))));
    await fail();
    await fail();
    policy.resetFailureCount();
    expect(policy.failureCount()).toBe(0);
    await fail();
    await fail();
    expect(tracker.isClosed()).toBeFalse();
    await fail();
    expect(tracker.isClosed()).toBeTrue();
  });

  it('never counts cancellations and rejections', async () => {
    const policy = ThresholdCancelPolicy.withThreshold(1);
    const tracker = trackerWith(policy);
    const handle = tracker.spawn(() => new Promise(() => {}));
    handle.cancel();
    await outcome(handle);
    expect(policy.failureCount()).toBe(0);
    expect(tracker.isClosed()).toBeFalse();
  });

  it('counts its descendants’ failures, and shuts down the tracker it belongs to when the n-th happens in one', marbles((m) => {
    const policy = ThresholdCancelPolicy.withThreshold(2);
    const root = trackerWith(policy);
    const child = root.childTracker();
    const grandchild = child.childTracker();
    const rootTask = m.cold('--------|');
    root.spawn(rootTask);
    child.spawn(m.cold('-#'));
    grandchild.spawn(m.cold('---#'));
    m.expect(rootTask).toHaveSubscriptions('^--!');
    m.flush();
    expect([root.isClosed(), child.isClosed(), grandchild.isClosed()]).toEqual([true, true, true]);
    expect(policy.failureCount()).toBe(2);
  }));

  it('shares the counter with its children', () => {
    const policy = ThresholdCancelPolicy.withThreshold(5);
    const child = policy.createChild();
    const grandchild = child.createChild();
    expect(grandchild.threshold).toBe(5);
    grandchild.onError(new Error('x'), { tracker: trackerWith(policy) } as never);
    expect([policy.failureCount(), child.failureCount()]).toEqual([1, 1]);
    child.resetFailureCount();
    expect(policy.failureCount()).toBe(0);
  });

  it('counts apart, and shuts down only that child, when given to a child builder as is', marbles((m) => {
    const rootPolicy = ThresholdCancelPolicy.withThreshold(1);
    const root = trackerWith(rootPolicy);
    const own = ThresholdCancelPolicy.withThreshold(1);
    const child = root.childTrackerBuilder().errorPolicy(own).build();
    const rootTask = m.cold('----|');
    root.spawn(rootTask);
    child.spawn(m.cold('-#'));
    m.expect(rootTask).toHaveSubscriptions('^---!');
    m.flush();
    expect([root.isClosed(), child.isClosed()]).toEqual([false, true]);
    expect([rootPolicy.failureCount(), own.failureCount()]).toEqual([0, 1]);
  }));

  it('in a child’s own subtree, never shuts down above the tracker it belongs to', marbles((m) => {
    const own = ThresholdCancelPolicy.withThreshold(1);
    const root = trackerWith(ThresholdCancelPolicy.withThreshold(100));
    const child = root.childTrackerBuilder().errorPolicy(own).build();
    const grandchild = child.childTracker();
    grandchild.spawn(m.cold('-#'));
    m.flush();
    expect([root.isClosed(), child.isClosed(), grandchild.isClosed()]).toEqual([false, true, true]);
  }));

  describe('refuses a bad threshold', () => {
    const where = 'ThresholdCancelPolicy.withThreshold(threshold): ';
    const cases: [unknown, ErrorConstructor, string][] = [
      [0, RangeError, 'threshold must be an integer >= 1, got 0 (number)'],
      [-1, RangeError, 'threshold must be an integer >= 1, got -1 (number)'],
      [1.5, RangeError, 'threshold must be an integer >= 1, got 1.5 (number)'],
      [NaN, RangeError, 'threshold must be an integer >= 1, got NaN (number)'],
      [Infinity, RangeError, 'threshold must be an integer >= 1, got Infinity (number)'],
      ['2', TypeError, "threshold must be an integer >= 1, got '2' (string)"],
      [undefined, TypeError, 'threshold must be an integer >= 1, got undefined'],
    ];
    for (const [threshold, type, message] of cases) {
      it(`${type.name}: ${message}`, () => {
        expect(() => ThresholdCancelPolicy.withThreshold(threshold as number)).toThrowError(type, where + message);
      });
    }
  });
});
