import * as fc from 'fast-check';
import { defer, EMPTY, mergeMap, NEVER, Observable, of, range, Subject, take, tap, type ObservableInput } from 'rxjs';
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
  TrackerClosedError,
  type OnErrorPolicy,
} from '../../lib/index.js';
import { mergeTask } from '../../lib/operators/index.js';
import { brokenInvariants, deferred, quietPolicy, semaphoreTracker, unlimitedTracker } from '../helpers/trackers.js';
import { countersAt, errorName, listenerCount, scenarios, sideBySide } from './helpers.js';

describe('mergeTask', () => {
  it('emits every value of every task as they come, and completes once the source and every task have', marbles((m) => {
    // The TSDoc diagram.
    const tracker = unlimitedTracker();
    const source = m.cold('-a---b---|');
    const tasks: Record<string, Observable<string>> = { a: m.cold('--1-2|'), b: m.cold('-3--4|') };
    m.expect(source.pipe(mergeTask(tracker, (v: string) => tasks[v]))).toBeObservable('---1-23--4|');
    m.expect(tasks.a).toHaveSubscriptions('-^----!');
    m.expect(tasks.b).toHaveSubscriptions('-----^----!');
    m.expect(source).toHaveSubscriptions('^--------!');
    m.flush();
    expect(tracker.metrics().snapshot()).toEqual(jasmine.objectContaining({ issued: 2, started: 2, success: 2, pending: 0 }));
  }));

  it('issues a task per value as the value arrives, not before: nothing at all until subscribed', marbles((m) => {
    const tracker = unlimitedTracker();
    const merged = m.cold('a--b|').pipe(mergeTask(tracker, () => m.cold('-x|')));
    expect(tracker.metrics().issued()).toBe(0);
    const counters = countersAt(m, '-xx-x', tracker);
    m.expect(merged).toBeObservable('-x--x|');
    m.flush();
    expect(counters.map((s) => s.issued)).toEqual([1, 1, 2]);
  }));

  it('hands project the value, the index of the task and the task’s token, which fires when the output is unsubscribed', marbles((m) => {
    const tracker = unlimitedTracker();
    const calls: [string, number, CancellationToken][] = [];
    const merged = m.cold('ab-c').pipe(
      mergeTask(tracker, (value: string, index, token) => {
        calls.push([value, index, token]);
        return m.cold('-----x|');
      }),
    );
    m.expect(merged, '^---!').toBeObservable('-----');
    m.flush();
    expect(calls.map(([value, index]) => [value, index])).toEqual([['a', 0], ['b', 1], ['c', 2]]);
    for (const [, , token] of calls) {
      expect(token).toBeInstanceOf(CancellationToken);
      expect(token.isCancelled()).toBeTrue();
      expect(token.signal.aborted).toBeTrue();
    }
  }));

  it('streams a promise’s value, and takes arrays, iterables and plain values as tasks', async () => {
    const tracker = unlimitedTracker();
    const values: unknown[] = [];
    await new Promise<void>((resolve, reject) =>
      of(1, 2, 3)
        .pipe(mergeTask(tracker, (n: number): ObservableInput<unknown> => (n === 1 ? Promise.resolve('p') : n === 2 ? ['i', 'j'] : new Set(['s']))))
        .subscribe({ next: (v) => values.push(v), error: reject, complete: resolve }),
    );
    expect(values).toEqual(['i', 'j', 's', 'p']);
    expect(tracker.metrics().success()).toBe(3);
  });

  describe('concurrency', () => {
    it('leaves it to the tracker’s scheduler by default: every value is issued at once and waits there for a slot', marbles((m) => {
      const tracker = semaphoreTracker(1);
      const tasks: Record<string, Observable<string>> = { a: m.cold('--1|'), b: m.cold('-2|') };
      const counters = countersAt(m, '--x', tracker);
      m.expect(m.cold('ab|').pipe(mergeTask(tracker, (v: string) => tasks[v]))).toBeObservable('--1-2|');
      m.expect(tasks.a).toHaveSubscriptions('^--!');
      m.expect(tasks.b).toHaveSubscriptions('---^-!');
      m.flush();
      expect(counters[0]).toEqual(jasmine.objectContaining({ issued: 2, active: 1, queued: 1 }));
    }));

    it('with options.concurrency, keeps further values inside the operator, not issued, until one of its tasks ends', marbles((m) => {
      const tracker = unlimitedTracker();
      const tasks: Record<string, Observable<string>> = { a: m.cold('----1|'), b: m.cold('-2|'), c: m.cold('--3|') };
      const counters = countersAt(m, '--x-x', tracker);
      m.expect(m.cold('abc|').pipe(mergeTask(tracker, (v: string) => tasks[v], { concurrency: 2 }))).toBeObservable('--2-13|');
      m.expect(tasks.a).toHaveSubscriptions('^----!');
      m.expect(tasks.b).toHaveSubscriptions('-^-!');
      m.expect(tasks.c).toHaveSubscriptions('---^--!');
      m.flush();
      expect(counters.map((s) => s.issued)).toEqual([2, 3]);
    }));

    it('shares the slots of a SemaphoreScheduler between pipelines on two trackers, first come first served', marbles((m) => {
      const scheduler = SemaphoreScheduler.withPermits(2);
      const images = new TaskTracker(scheduler, quietPolicy(), { name: 'images' });
      const search = new TaskTracker(scheduler, quietPolicy(), { name: 'search' });
      const tasks: Record<string, Observable<string>> = { a: m.cold('---1|'), b: m.cold('-----2|'), c: m.cold('-3|') };
      const project = (v: string) => tasks[v];
      const counters = countersAt(m, '--x', search);
      m.expect(m.cold('ab|').pipe(mergeTask(images, project))).toBeObservable('---1--2|');
      m.expect(m.cold('-c|').pipe(mergeTask(search, project))).toBeObservable('-----3|');
      m.expect(tasks.a).toHaveSubscriptions('^---!');
      m.expect(tasks.b).toHaveSubscriptions('-^-----!');
      m.expect(tasks.c).toHaveSubscriptions('----^-!'); // waits for a's slot
      m.flush();
      expect(counters[0]).toEqual(jasmine.objectContaining({ issued: 1, queued: 1, active: 0 }));
    }));

    it('is stack-safe with a long backlog of tasks that end synchronously', async () => {
      const tracker = unlimitedTracker();
      const gate = deferred<string>();
      const source = new Subject<number>();
      const values: unknown[] = [];
      const done = new Promise<void>((resolve, reject) =>
        source.pipe(mergeTask(tracker, (n: number) => (n === 0 ? gate.promise : of(n)), { concurrency: 1 })).subscribe({
          next: (v) => values.push(v),
          error: reject,
          complete: resolve,
        }),
      );
      for (let n = 0; n <= 100_000; n++) source.next(n);
      source.complete();
      expect(tracker.metrics().issued()).toBe(1);
      gate.resolve('first');
      await done;
      expect(values.length).toBe(100_001);
      expect(values[0]).toBe('first');
      expect(values[100_000]).toBe(100_000);
    });
  });

  describe('unsubscribing the output', () => {
    it('tears down running tasks and drops queued ones, counted cancelled, and tells nobody', marbles((m) => {
      const tracker = semaphoreTracker(2);
      const source = m.cold('abc');
      const tasks: Record<string, Observable<string>> = { a: m.cold('-----1|'), b: m.cold('------2|'), c: m.cold('-3|') };
      m.expect(source.pipe(mergeTask(tracker, (v: string) => tasks[v])), '^---!').toBeObservable('-----');
      m.expect(source).toHaveSubscriptions('^---!');
      m.expect(tasks.a).toHaveSubscriptions('^---!');
      m.expect(tasks.b).toHaveSubscriptions('-^--!');
      m.expect(tasks.c).toHaveSubscriptions([]);
      m.flush();
      expect(tracker.metrics().snapshot()).toEqual(jasmine.objectContaining({ issued: 3, started: 2, cancelled: 3, pending: 0 }));
      expect(brokenInvariants(tracker.metrics())).toEqual([]);
    }));

    it('cancels queued tasks before running ones, so none starts in a freed slot only to be cancelled', marbles((m) => {
      const tracker = semaphoreTracker(1);
      const tasks: Record<string, Observable<string>> = { a: m.cold('-----1|'), b: m.cold('-2|') };
      m.expect(m.cold('ab').pipe(mergeTask(tracker, (v: string) => tasks[v])), '^--!').toBeObservable('---');
      m.expect(tasks.b).toHaveSubscriptions([]);
      m.flush();
      expect(tracker.metrics().snapshot()).toEqual(jasmine.objectContaining({ issued: 2, started: 1, cancelled: 2 }));
    }));

    it('drops the values waiting inside the operator: they were never issued', marbles((m) => {
      const tracker = unlimitedTracker();
      m.expect(m.cold('abcd').pipe(mergeTask(tracker, () => m.cold('-----x|'), { concurrency: 2 })), '^--!').toBeObservable('---');
      m.flush();
      expect(tracker.metrics().snapshot()).toEqual(jasmine.objectContaining({ issued: 2, cancelled: 2, pending: 0 }));
    }));

    it('cancels a task that is still running inside its synchronous start (take(1) of a synchronous task)', () => {
      const tracker = unlimitedTracker();
      const seen: number[] = [];
      const values: unknown[] = [];
      of('a')
        .pipe(
          mergeTask(tracker, () => of(1, 2, 3).pipe(tap((n) => seen.push(n)))),
          take(1),
        )
        .subscribe((v) => values.push(v));
      expect(values).toEqual([1]);
      expect(tracker.metrics().snapshot()).toEqual(jasmine.objectContaining({ issued: 1, cancelled: 1, success: 0, pending: 0 }));
    });

    it('removes its listener from the tracker’s token', () => {
      const tracker = unlimitedTracker();
      const token = tracker.cancellationToken();
      const subscription = NEVER.pipe(mergeTask(tracker, () => NEVER)).subscribe();
      expect(listenerCount(token)).toBe(1);
      subscription.unsubscribe();
      for (let i = 0; i < 10; i++) NEVER.pipe(mergeTask(tracker, () => NEVER)).subscribe().unsubscribe();
      of(1, 2).pipe(mergeTask(tracker, (n) => of(n))).subscribe();
      expect(listenerCount(token)).toBe(0);
    });
  });

  describe('a task that fails for good', () => {
    it('errors the output with its TaskFailedError, cancels the other tasks and unsubscribes the source', marbles((m) => {
      const tracker = unlimitedTracker();
      const source = m.cold('a-b---c|');
      const tasks: Record<string, Observable<string>> = { a: m.cold('------1|'), b: m.cold('-#', undefined, 'boom'), c: m.cold('-3|') };
      let error: unknown;
      const merged = source.pipe(mergeTask(tracker, (v: string) => tasks[v]), tap({ error: (e: unknown) => (error = e) }));
      m.expect(merged.pipe(errorName())).toBeObservable('---#', undefined, 'TaskFailedError');
      m.expect(source).toHaveSubscriptions('^--!');
      m.expect(tasks.a).toHaveSubscriptions('^--!');
      m.expect(tasks.b).toHaveSubscriptions('--^!');
      m.flush();
      expect((error as TaskFailedError).cause).toBe('boom');
      expect(tracker.metrics().snapshot()).toEqual(jasmine.objectContaining({ issued: 2, failed: 1, cancelled: 1, pending: 0 }));
    }));

    it('counts project throwing as the task failing', marbles((m) => {
      const tracker = unlimitedTracker();
      const boom = new Error('bad id');
      let error: unknown;
      const merged = m.cold('-a').pipe(mergeTask(tracker, () => { throw boom; }), tap({ error: (e: unknown) => (error = e) }));
      m.expect(merged.pipe(errorName())).toBeObservable('-#', undefined, 'TaskFailedError');
      m.flush();
      expect((error as TaskFailedError).cause).toBe(boom);
    }));

    it('errors with the TaskTimeoutError of options.timeout', marbles((m) => {
      const tracker = unlimitedTracker();
      const task = m.cold('-----1|');
      m.expect(m.cold('a').pipe(mergeTask(tracker, () => task, { timeout: 3 }), errorName())).toBeObservable('---#', undefined, 'TaskTimeoutError');
      m.expect(task).toHaveSubscriptions('^--!');
      m.flush();
      expect(tracker.metrics().timedOut()).toBe(1);
    }));

    it('errors with the TaskRejectedError of a policy that refuses it', marbles((m) => {
      const policy: OnErrorPolicy = { onError: () => { throw new Error('unused'); }, createChild: () => policy, admit: () => 'circuit open' };
      const tracker = new TaskTracker(new SemaphoreScheduler(4), policy);
      let error: unknown;
      const merged = m.cold('--a').pipe(mergeTask(tracker, () => m.cold('-1|')), tap({ error: (e: unknown) => (error = e) }));
      m.expect(merged.pipe(errorName())).toBeObservable('--#', undefined, 'TaskRejectedError');
      m.flush();
      expect((error as TaskRejectedError).reason).toBe('circuit open');
    }));

    it('errors with the TaskCancelledError of a task that ends cancelled on its own', marbles((m) => {
      const tracker = unlimitedTracker();
      const cancelled = () => CancellableTaskResult.cancelled() as unknown as ObservableInput<never>;
      m.expect(m.cold('-a').pipe(mergeTask(tracker, cancelled), errorName())).toBeObservable('-#', undefined, 'TaskCancelledError');
      m.flush();
      expect(tracker.metrics().cancelled()).toBe(1);
    }));

    it('stops a synchronous source at once', () => {
      const tracker = unlimitedTracker();
      const fail = (n: number) => {
        if (n === 2) throw new Error('bad');
        return of(n);
      };
      let emitted = 0;
      const errors: unknown[] = [];
      range(0, 1_000_000).pipe(tap(() => emitted++), mergeTask(tracker, fail)).subscribe({ error: (e: unknown) => errors.push(e) });
      expect(emitted).toBe(3);
      // range's subscriber is then the operator itself
      let projected = 0;
      range(0, 1_000_000).pipe(mergeTask(tracker, (n: number) => (projected++, fail(n)))).subscribe({ error: (e: unknown) => errors.push(e) });
      expect(projected).toBe(3);
      expect(errors.map((e) => (e as Error).name)).toEqual(['TaskFailedError', 'TaskFailedError']);
    });
  });

  it('emits the values of a run a RetryPolicy retries, and goes on with the retry’s, in virtual time', marbles((m) => {
    const tracker = new TaskTracker(new SemaphoreScheduler(4), new RetryPolicy({ retries: 1, initialDelay: 3, jitter: 'none', inner: quietPolicy() }));
    const attempts = [m.cold('-1#'), m.cold('-2|')];
    let calls = 0;
    m.expect(m.cold('a|').pipe(mergeTask(tracker, () => attempts[calls++]))).toBeObservable('-1----2|');
    m.expect(attempts[0]).toHaveSubscriptions('^-!');
    m.expect(attempts[1]).toHaveSubscriptions('-----^-!');
    m.flush();
    expect(tracker.metrics().snapshot()).toEqual(jasmine.objectContaining({ issued: 1, started: 1, retried: 1, success: 1, failed: 0 }));
  }));

  describe('the tracker cancelled', () => {
    it('errors the output with the tracker’s TaskCancelledError and unsubscribes the source at once', marbles((m) => {
      const tracker = unlimitedTracker();
      const source = m.cold('a---b|');
      const task = m.cold('------1|');
      let error: unknown;
      m.cold('--x').subscribe(() => tracker.cancel('page closed'));
      const merged = source.pipe(mergeTask(tracker, () => task), tap({ error: (e: unknown) => (error = e) }));
      m.expect(merged.pipe(errorName())).toBeObservable('--#', undefined, 'TaskCancelledError');
      m.expect(source).toHaveSubscriptions('^-!');
      m.expect(task).toHaveSubscriptions('^-!');
      m.flush();
      expect((error as TaskCancelledError).isCancellation()).toBeTrue();
      expect((error as TaskCancelledError).reason).toBe('page closed');
      expect((error as TaskCancelledError).trackerPath).toBe('root');
      expect(tracker.metrics().snapshot()).toEqual(jasmine.objectContaining({ issued: 1, cancelled: 1 }));
    }));

    it('errors the output even with no task in flight', marbles((m) => {
      const tracker = unlimitedTracker();
      const source = m.cold('a-----b|');
      m.cold('----x').subscribe(() => tracker.cancel());
      m.expect(source.pipe(mergeTask(tracker, () => m.cold('-1|')), errorName())).toBeObservable('-1--#', undefined, 'TaskCancelledError');
      m.expect(source).toHaveSubscriptions('^---!');
    }));

    it('errors the output when an ancestor is cancelled, with a task in flight or not', marbles((m) => {
      const root = unlimitedTracker();
      const child = root.childTrackerBuilder().name('search').build();
      const errors: unknown[] = [];
      m.cold('---x').subscribe(() => root.cancel('logged out'));
      const inFlight = m.cold('a').pipe(mergeTask(child, () => NEVER), tap({ error: (e: unknown) => errors.push(e) }));
      const idle = m.cold('a').pipe(mergeTask(child, () => m.cold('-1|')), tap({ error: (e: unknown) => errors.push(e) }));
      m.expect(inFlight.pipe(errorName())).toBeObservable('---#', undefined, 'TaskCancelledError');
      m.expect(idle.pipe(errorName())).toBeObservable('-1-#', undefined, 'TaskCancelledError');
      m.flush();
      expect(errors.length).toBe(2);
      for (const error of errors) {
        expect((error as TaskCancelledError).reason).toBe('logged out');
        expect((error as TaskCancelledError).trackerPath).toBe('root/search');
      }
    }));

    it('errors at once, subscribing to nothing, when the tracker is cancelled already', marbles((m) => {
      const tracker = unlimitedTracker();
      tracker.cancel();
      const source = m.cold('a|');
      m.expect(source.pipe(mergeTask(tracker, () => m.cold('1|')), errorName())).toBeObservable('#', undefined, 'TaskCancelledError');
      m.expect(source).toHaveSubscriptions([]);
    }));
  });

  describe('the tracker closed by join()', () => {
    it('errors the output with TrackerClosedError at the next source value, issuing nothing', marbles((m) => {
      const tracker = unlimitedTracker();
      const source = m.cold('a--b|');
      m.cold('--x').subscribe(() => void tracker.join());
      m.expect(source.pipe(mergeTask(tracker, () => m.cold('-1|')), errorName())).toBeObservable('-1-#', undefined, 'TrackerClosedError');
      m.expect(source).toHaveSubscriptions('^--!');
      m.flush();
      expect(tracker.metrics().issued()).toBe(1);
    }));

    it('completes normally when the source sends nothing more', marbles((m) => {
      const tracker = unlimitedTracker();
      m.cold('-x').subscribe(() => void tracker.join());
      m.expect(m.cold('a----|').pipe(mergeTask(tracker, () => m.cold('---1|')))).toBeObservable('---1-|');
    }));

    it('tears down its tasks still in flight when it errors', async () => {
      const tracker = unlimitedTracker();
      const source = new Subject<string>();
      const errors: unknown[] = [];
      source.pipe(mergeTask(tracker, () => NEVER)).subscribe({ error: (e: unknown) => errors.push(e) });
      source.next('a');
      const joined = tracker.join();
      source.next('b');
      expect(errors[0]).toBeInstanceOf(TrackerClosedError);
      await joined;
      expect(tracker.metrics().snapshot()).toEqual(jasmine.objectContaining({ issued: 1, cancelled: 1, pending: 0 }));
    });
  });

  describe('ordered', () => {
    it('holds a fast task’s values behind a slow one’s, while both run', marbles((m) => {
      const tracker = unlimitedTracker();
      const tasks: Record<string, Observable<string>> = { a: m.cold('----1|'), b: m.cold('-2|') };
      const project = (v: string) => tasks[v];
      m.expect(m.cold('ab------|').pipe(mergeTask(tracker, project, { ordered: true }))).toBeObservable('----12--|');
      m.expect(m.cold('ab------|').pipe(mergeTask(tracker, project))).toBeObservable('--2-1---|');
      m.expect(tasks.b).toHaveSubscriptions(['-^-!', '-^-!']); // runs at once either way
    }));

    it('releases a chain of completed tasks when the one before them completes, then streams the running one', marbles((m) => {
      const tracker = unlimitedTracker();
      const tasks: Record<string, Observable<string>> = { a: m.cold('----1|'), b: m.cold('2|'), c: m.cold('(34|)'), d: m.cold('--5------6|') };
      m.expect(m.cold('abcd|').pipe(mergeTask(tracker, (v: string) => tasks[v], { ordered: true }))).toBeObservable('----1(2345)-6|');
    }));

    it('does not hold back a failure', marbles((m) => {
      const tracker = unlimitedTracker();
      const tasks: Record<string, Observable<string>> = { a: m.cold('-----1|'), b: m.cold('-2-#') };
      m.expect(m.cold('ab').pipe(mergeTask(tracker, (v: string) => tasks[v], { ordered: true }), errorName())).toBeObservable('----#', undefined, 'TaskFailedError');
    }));

    it('with concurrency 1 is concatMap', marbles((m) => {
      const tracker = unlimitedTracker();
      const project = (v: string) => m.cold(v === 'a' ? '--1-2|' : '-3|');
      const source = m.cold('ab---|');
      m.expect(source.pipe(mergeTask(tracker, project, { concurrency: 1, ordered: true }))).toBeObservable('--1-2-3|');
    }));
  });

  it('completes at once on an empty source, issuing nothing', marbles((m) => {
    const tracker = unlimitedTracker();
    m.expect(EMPTY.pipe(mergeTask(tracker, () => m.cold('1|')))).toBeObservable('|');
    m.flush();
    expect(tracker.metrics().issued()).toBe(0);
  }));

  it('keeps the counters consistent through a burst of failures and cancellations', async () => {
    const tracker = semaphoreTracker(3);
    const source = new Subject<number>();
    const subscription = source.pipe(mergeTask(tracker, (n) => (n % 7 === 6 ? Promise.reject(new Error('x')) : defer(() => Promise.resolve(n))))).subscribe({ error: () => {} });
    for (let n = 0; n < 50; n++) source.next(n);
    subscription.unsubscribe();
    await tracker.join();
    expect(brokenInvariants(tracker.metrics())).toEqual([]);
    expect(tracker.metrics().pending()).toBe(0);
  });

  it('emits on the same frames as mergeMap, and subscribes and tears down on the same frames, wherever slots are free', () => {
    for (const concurrency of [Infinity, 1, 2]) {
      fc.assert(
        fc.property(scenarios(fc), (scenario) => {
          const { ours, theirs } = sideBySide(
            scenario,
            (tracker) => (project) => mergeTask(tracker, project, { concurrency }),
            (project) => mergeMap(project, concurrency),
          );
          expect(ours).toEqual(theirs);
        }),
        { numRuns: 150 },
      );
    }
  });

  describe('refuses bad arguments when it is created', () => {
    const project = () => of(1);
    const cases: [string, () => unknown, typeof TypeError | typeof RangeError, RegExp][] = [
      ['no tracker', () => mergeTask(undefined as unknown as TaskTracker, project), TypeError, /needs a TaskTracker as its first argument, got undefined/],
      ['a token for a tracker', () => mergeTask(new CancellationToken() as unknown as TaskTracker, project), TypeError, /got a _?CancellationToken/], // esbuild may rename the class,
      ['a non-function project', () => mergeTask(unlimitedTracker(), of(1) as unknown as () => Observable<number>), TypeError, /project to be a function .*got an Observable/],
      ['concurrency 0', () => mergeTask(unlimitedTracker(), project, { concurrency: 0 }), RangeError, /concurrency must be an integer >= 1 or Infinity, got 0 \(number\)/],
      ['concurrency 1.5', () => mergeTask(unlimitedTracker(), project, { concurrency: 1.5 }), RangeError, /got 1\.5 \(number\)/],
      ['concurrency NaN', () => mergeTask(unlimitedTracker(), project, { concurrency: NaN }), RangeError, /got NaN \(number\)/],
      ["concurrency '4'", () => mergeTask(unlimitedTracker(), project, { concurrency: '4' as unknown as number }), TypeError, /concurrency must be an integer >= 1 or Infinity, got '4' \(string\)/],
      ["ordered 'yes'", () => mergeTask(unlimitedTracker(), project, { ordered: 'yes' as unknown as boolean }), TypeError, /ordered must be a boolean/],
      ['timeout 0', () => mergeTask(unlimitedTracker(), project, { timeout: 0 }), RangeError, /timeout must be a number of milliseconds above 0, .*, got 0 \(number\)/],
      ['options 5', () => mergeTask(unlimitedTracker(), project, 5 as unknown as object), TypeError, /options must be an object, got 5 \(number\)/],
    ];
    for (const [name, create, type, message] of cases) {
      it(`throws a ${type.name} for ${name}`, () => {
        expect(create).toThrowError(type, message);
        expect(create).toThrowError(/^mergeTask\(tracker, project, options\)/);
      });
    }
  });
});
