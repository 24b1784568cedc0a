import { defer, of, throwError } from 'rxjs';
import { marbles } from 'rxjs-marbles/jasmine';
import { FallbackPolicy, RetryPolicy, TaskFailedError, TaskTracker, UnlimitedScheduler, composePolicies, type OnErrorContext } from '../../lib/index.js';
import { outcome, quietPolicy } from '../helpers/trackers.js';

const retryTwice = () => new RetryPolicy({ retries: 1, initialDelay: 1, jitter: 'none', inner: quietPolicy() });

describe('FallbackPolicy', () => {
  it('after a RetryPolicy gives up, the task succeeds with the fallback value (in virtual time)', marbles((m) => {
    const tracker = new TaskTracker(new UnlimitedScheduler(), composePolicies(retryTwice(), new FallbackPolicy('cached')));
    const task = m.cold('-#', undefined, new Error('down'));
    const handle = tracker.spawn$(task);
    m.expect(task).toHaveSubscriptions(['^!', '--^!']);
    m.expect(handle).toBeObservable('---(c|)', { c: 'cached' });
    m.flush();
    expect(tracker.metrics().snapshot()).toEqual(jasmine.objectContaining({ success: 1, failed: 0, retried: 1 }));
  }));

  it('calls fn(error, context) and reads what it returns as a task result (a promise, an Observable, a value)', async () => {
    const seen: [unknown, number][] = [];
    const fallback = new FallbackPolicy((error: unknown, context: OnErrorContext) => {
      seen.push([(error as Error).message, context.attemptCount]);
      return Promise.resolve(`fallback for ${(error as Error).message}`);
    });
    const tracker = new TaskTracker(new UnlimitedScheduler(), fallback);
    expect(await tracker.spawn(() => Promise.reject(new Error('a')))).toBe('fallback for a');
    const observable = new TaskTracker(new UnlimitedScheduler(), new FallbackPolicy(() => of(1, 2, 3)));
    expect(await observable.spawn(throwError(() => new Error('b')))).toBe(3);
    expect(seen).toEqual([['a', 1]]);
  });

  it('gives a fixed value as it is, even an array or a promise-like', async () => {
    const tracker = new TaskTracker(new UnlimitedScheduler(), new FallbackPolicy([1, 2]));
    expect(await tracker.spawn(() => Promise.reject(new Error('x')))).toEqual([1, 2]);
  });

  it('fails the task with the fallback’s own error when the fallback fails (asked once)', async () => {
    let calls = 0;
    const tracker = new TaskTracker(new UnlimitedScheduler(), new FallbackPolicy(() => {
      calls++;
      throw new Error('fallback broke');
    }));
    const { error } = await outcome(tracker.spawn(() => Promise.reject(new Error('first'))));
    expect(error).toBeInstanceOf(TaskFailedError);
    expect((error as TaskFailedError).cause).toEqual(new Error('fallback broke'));
    expect(calls).toBe(1);
  });

  it('is inherited by children, and rescues each task once', async () => {
    const root = new TaskTracker(new UnlimitedScheduler(), new FallbackPolicy(0));
    const child = root.childTracker();
    const results = await Promise.all([1, 2, 3].map((i) => child.spawn(defer(() => (i === 2 ? of(i) : throwError(() => new Error(String(i))))))));
    expect(results).toEqual([0, 2, 0]);
    expect(root.metrics().snapshot()).toEqual(jasmine.objectContaining({ success: 3, failed: 0 }));
  });
});

describe('FallbackPolicy as a RetryPolicy’s inner policy', () => {
  it('falls back once the retries are used up, and nothing is logged', async () => {
    let runs = 0;
    const tracker = new TaskTracker(new UnlimitedScheduler(), new RetryPolicy({ retries: 2, initialDelay: 0, inner: new FallbackPolicy('fallback') }));
    const log = spyOn(console, 'error');
    expect(await tracker.spawn(() => (runs++, Promise.reject(new Error('down'))))).toBe('fallback');
    expect(runs).toBe(3);
    expect(log).not.toHaveBeenCalled();
  });
});
