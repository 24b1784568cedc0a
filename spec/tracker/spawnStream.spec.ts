import { NEVER, Observable, of, take } from 'rxjs';
import { marbles } from 'rxjs-marbles/jasmine';
import {
  CancellableTaskResult,
  CancellationToken,
  RetryPolicy,
  SemaphoreScheduler,
  TaskCancelledError,
  TaskFailedError,
  TaskRejectedError,
  TaskTracker,
  TaskTimeoutError,
  TrackerClosedError,
  UnlimitedScheduler,
  type OnErrorPolicy,
} from '../../lib/index.js';
import { brokenInvariants, deferred, quietPolicy, semaphoreTracker, unlimitedTracker } from '../helpers/trackers.js';

describe('TaskTracker.spawn$', () => {
  it('is cold: nothing is issued until it is subscribed, and each subscription spawns one task', marbles((m) => {
    const tracker = unlimitedTracker();
    const task = m.cold('-a-b|');
    const task$ = tracker.spawn$(task);
    expect(tracker.metrics().issued()).toBe(0);
    m.expect(task$).toBeObservable('-a-b|');
    m.expect(task$, '--^').toBeObservable('---a-b|');
    m.expect(task).toHaveSubscriptions(['^---!', '--^---!']);
    m.flush();
    expect(tracker.metrics().snapshot()).toEqual(jasmine.objectContaining({ issued: 2, success: 2, pending: 0 }));
  }));

  it('emits every value of the task as it emits them, the handle-less way', marbles((m) => {
    const tracker = unlimitedTracker();
    m.expect(tracker.spawn$(m.cold('a-b-c|'))).toBeObservable('a-b-c|');
    m.expect(tracker.spawn$(m.cold('---|'))).toBeObservable('---|');
  }));

  it('emits a promise task’s value, then completes', async () => {
    const tracker = unlimitedTracker();
    const values: unknown[] = [];
    await new Promise<void>((resolve, reject) =>
      tracker.spawn$(() => Promise.resolve(42)).subscribe({ next: (v) => values.push(v), complete: resolve, error: reject }),
    );
    expect(values).toEqual([42]);
    expect(tracker.metrics().success()).toBe(1);
  });

  it('passes the task its token; unwraps CancellableTaskResult.ok', async () => {
    const tracker = unlimitedTracker();
    let seen: CancellationToken | undefined;
    const values: unknown[] = [];
    await new Promise<void>((resolve) =>
      tracker
        .spawn$((token) => {
          seen = token;
          return of(CancellableTaskResult.ok('done'));
        })
        .subscribe({ next: (v) => values.push(v), complete: resolve }),
    );
    expect(seen).toBeInstanceOf(CancellationToken);
    expect(values).toEqual(['done']);
  });

  it('calls a function that declares no parameter without a token (none is made for it)', async () => {
    const tracker = unlimitedTracker();
    const counts: number[] = [];
    const task = function (this: unknown) {
      // eslint-disable-next-line prefer-rest-params
      counts.push(arguments.length);
      return of(1);
    };
    await new Promise<void>((resolve) => tracker.spawn$(task).subscribe({ complete: resolve }));
    await new Promise<void>((resolve) => tracker.spawn$((token: CancellationToken) => (counts.push(token === undefined ? -1 : 1), of(1))).subscribe({ complete: resolve }));
    expect(counts).toEqual([0, 1]);
  });

  it('unsubscribing a running task tears it down at once, counted cancelled, silently', marbles((m) => {
    const tracker = unlimitedTracker();
    const task = m.cold('-a-b-c|');
    m.expect(tracker.spawn$(task), '^--!').toBeObservable('-a-');
    m.expect(task).toHaveSubscriptions('^--!');
    m.flush();
    expect(tracker.metrics().snapshot()).toEqual(jasmine.objectContaining({ issued: 1, cancelled: 1, started: 1, pending: 0 }));
  }));

  it('unsubscribing a queued task drops it from the queue: it never starts', marbles((m) => {
    const tracker = semaphoreTracker(1);
    const first = m.cold('----|');
    const second = m.cold('-x|');
    tracker.spawn(first);
    m.expect(tracker.spawn$(second), '^-!').toBeObservable('---');
    m.expect(second).toHaveSubscriptions([]);
    m.flush();
    expect(tracker.metrics().snapshot()).toEqual(jasmine.objectContaining({ issued: 2, success: 1, cancelled: 1, started: 1 }));
  }));

  it('fires the token of an unsubscribed task, so a fetch given its signal aborts', () => {
    const tracker = unlimitedTracker();
    let signal: AbortSignal | undefined;
    const subscription = tracker
      .spawn$((token) => {
        signal = token.signal;
        return new Promise<never>(() => {});
      })
      .subscribe();
    expect(signal!.aborted).toBeFalse();
    subscription.unsubscribe();
    expect(signal!.aborted).toBeTrue();
    expect((signal!.reason as DOMException).name).toBe('AbortError');
    expect(tracker.metrics().cancelled()).toBe(1);
  });

  it('take(1) of a streaming task cancels the rest of it; of a promise task, succeeds', async () => {
    const tracker = unlimitedTracker();
    const values: unknown[] = [];
    tracker.spawn$(of(1, 2, 3)).pipe(take(1)).subscribe((v) => values.push(v));
    expect(tracker.metrics().cancelled()).toBe(1);
    await new Promise<void>((resolve) => tracker.spawn$(() => Promise.resolve(4)).pipe(take(1)).subscribe({ next: (v) => values.push(v), complete: resolve }));
    expect(values).toEqual([1, 4]);
    expect(tracker.metrics().success()).toBe(1);
  });

  it('errors with the TaskFailedError after the error policy; a retry emits the values again', marbles((m) => {
    const tracker = new TaskTracker(new UnlimitedScheduler(), new RetryPolicy({ retries: 1, initialDelay: 2, inner: quietPolicy() }));
    const error = new Error('down');
    const task = m.cold('a-#', undefined, error);
    const seen: string[] = [];
    let failure: unknown;
    tracker.spawn$(task).subscribe({ next: (v) => seen.push(`${v}@${m.scheduler.now()}`), error: (e) => (failure = e) });
    m.expect(task).toHaveSubscriptions(['^-!', '----^-!']);
    m.flush();
    expect(seen).toEqual(['a@0', 'a@4']);
    expect(failure).toBeInstanceOf(TaskFailedError);
    expect((failure as TaskFailedError).cause).toBe(error);
    expect(tracker.metrics().snapshot()).toEqual(jasmine.objectContaining({ retried: 1, failed: 1 }));
  }));

  it('errors with the TaskTimeoutError of its timeout', marbles((m) => {
    const tracker = unlimitedTracker();
    const errors: unknown[] = [];
    tracker.spawn$(m.cold('a----|'), { timeout: 3 }).subscribe({ error: (e) => errors.push(e) });
    m.flush();
    expect(errors.length).toBe(1);
    expect(errors[0]).toBeInstanceOf(TaskTimeoutError);
  }));

  it('errors with the TaskRejectedError of an admit gate', () => {
    const policy: OnErrorPolicy = { onError: () => { throw new Error('unused'); }, createChild: () => policy, admit: () => 'closed for lunch' };
    const tracker = new TaskTracker(new UnlimitedScheduler(), policy);
    const errors: unknown[] = [];
    tracker.spawn$(of(1)).subscribe({ error: (e) => errors.push(e) });
    expect(errors[0]).toBeInstanceOf(TaskRejectedError);
    expect((errors[0] as TaskRejectedError).reason).toBe('closed for lunch');
  });

  it('errors with the TaskCancelledError when the tracker or an ancestor is cancelled', marbles((m) => {
    const root = unlimitedTracker();
    const child = root.childTracker();
    const task = m.cold('a------|');
    const errors: unknown[] = [];
    child.spawn$(task).subscribe({ error: (e) => errors.push(e) });
    m.cold('---x').subscribe(() => root.cancel('gone'));
    m.expect(task).toHaveSubscriptions('^--!');
    m.flush();
    expect(errors.length).toBe(1);
    expect(errors[0]).toBeInstanceOf(TaskCancelledError);
    expect((errors[0] as TaskCancelledError).isCancellation()).toBeTrue();
    expect((errors[0] as TaskCancelledError).reason).toBe('gone');
  }));

  it('errors with TrackerClosedError when subscribed to a closed tracker, issuing nothing', () => {
    const tracker = unlimitedTracker();
    const task$ = tracker.spawn$(of(1));
    void tracker.join();
    const errors: unknown[] = [];
    task$.subscribe({ error: (e) => errors.push(e) });
    expect(errors[0]).toBeInstanceOf(TrackerClosedError);
    expect(tracker.metrics().issued()).toBe(0);
  });

  it('shares the tracker’s slots with spawn', marbles((m) => {
    const tracker = new TaskTracker(SemaphoreScheduler.withPermits(1), quietPolicy());
    const a = m.cold('--a|');
    const b = m.cold('-b|');
    tracker.spawn(a);
    m.expect(tracker.spawn$(b)).toBeObservable('----b|');
    m.expect(b).toHaveSubscriptions('---^-!');
  }));

  it('keeps counters balanced and leaves no unhandled rejection when a subscriber goes away mid-flight', async () => {
    const tracker = semaphoreTracker(2);
    const gates = [deferred<number>(), deferred<number>(), deferred<number>()];
    const subscriptions = gates.map((gate) => tracker.spawn$(() => gate.promise).subscribe());
    subscriptions[0].unsubscribe();
    subscriptions[2].unsubscribe();
    expect(brokenInvariants(tracker.metrics())).toEqual([]);
    gates.forEach((gate, i) => gate.resolve(i));
    await tracker.join();
    expect(tracker.metrics().snapshot()).toEqual(jasmine.objectContaining({ issued: 3, cancelled: 2, success: 1, pending: 0 }));
  });

  it('refuses bad input at the call, not on subscribe', () => {
    const tracker = unlimitedTracker();
    expect(() => tracker.spawn$(Promise.resolve(1) as unknown as Observable<number>)).toThrowError(TypeError, /got a Promise/);
    expect(() => tracker.spawn$(42 as unknown as Observable<number>)).toThrowError(TypeError, /spawn\$\(task\) expects an Observable/);
    expect(() => tracker.spawn$(NEVER, { timeout: -1 })).toThrowError(RangeError, /timeout must be a number of milliseconds above 0, up to 9007199254740991/);
    expect(tracker.metrics().issued()).toBe(0);
  });
});
