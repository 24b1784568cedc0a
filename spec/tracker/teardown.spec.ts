import { NEVER, Observable, Subject } from 'rxjs';
import { marbles } from 'rxjs-marbles/jasmine';
import {
  CancelOnError,
  ErrorResponse,
  RetryPolicy,
  SemaphoreScheduler,
  TaskTracker,
  UnlimitedScheduler,
  switchTask,
  type OnErrorPolicy,
  type TaskHandle,
} from '../../lib/index.js';
import { HOSTILE_VALUES } from '../helpers/hostileValues.js';
import { brokenInvariants, outcome, quietPolicy } from '../helpers/trackers.js';

/** An Observable that never ends and whose teardown throws, as a buggy third-party one does. */
function badTeardown(message = 'teardown'): Observable<never> {
  return new Observable<never>(() => () => {
    throw new Error(message);
  });
}

/** A tracker that records teardown errors instead of logging them. */
function recordingTracker(permits: number, policy: OnErrorPolicy = quietPolicy()) {
  const errors: { error: unknown; task: TaskHandle<unknown> | undefined }[] = [];
  const tracker = new TaskTracker(SemaphoreScheduler.withPermits(permits), policy, {
    onTeardownError: (error, task) => errors.push({ error, task }),
  });
  return { tracker, errors };
}

describe('a task whose teardown throws', () => {
  it('does not stop cancel(): every task is torn down, counters balance, cancel() does not throw', async () => {
    const { tracker, errors } = recordingTracker(10);
    const good = [tracker.spawn(NEVER), tracker.spawn(NEVER)];
    const bad = tracker.spawn(badTeardown());
    const more = [tracker.spawn(NEVER), tracker.spawn(NEVER), tracker.spawn(NEVER)];
    expect(() => tracker.cancel('stop')).not.toThrow();
    for (const handle of [...good, bad, ...more]) expect(handle.status).toBe('cancelled');
    const metrics = tracker.metrics().snapshot();
    expect(metrics).toEqual(jasmine.objectContaining({ issued: 6, cancelled: 6, active: 0, pending: 0 }));
    expect(brokenInvariants(tracker.metrics())).toEqual([]);
    expect(errors.length).toBe(1);
    expect((errors[0].error as Error).message).toBe('teardown');
    expect(errors[0].task).toBe(bad);
    await tracker.join();
    expect((await outcome(bad)).error).toBeDefined();
  });

  for (const hostile of HOSTILE_VALUES) {
    it(`reports ${hostile.name} thrown by a token listener as it is, and by a teardown as RxJS passes it on; cancel() does not throw`, () => {
      const { tracker, errors } = recordingTracker(1);
      const value = hostile.make();
      const thrower = () => {
        throw value;
      };
      const listening = tracker.spawnCancellable((token) => (token.onCancel(thrower), NEVER));
      expect(() => listening.cancel(value)).not.toThrow();
      expect(errors.length).toBe(1);
      expect(Object.is(errors[0].error, value)).withContext('as it is').toBeTrue();
      // RxJS gathers teardown errors into an UnsubscriptionError, whose message it builds
      // with each one's toString(): for some of these, that throws, and RxJS throws that instead.
      const bad = tracker.spawn(new Observable<never>(() => thrower));
      expect(() => tracker.cancel(value)).not.toThrow();
      expect(bad.status).toBe('cancelled');
      expect(errors.length).toBe(2);
      expect(brokenInvariants(tracker.metrics())).toEqual([]);
      expect(tracker.metrics().pending()).toBe(0);
    });
  }

  it('logs a teardown error the console cannot print (as Node’s cannot an Error whose message getter throws) as text', () => {
    // Node's console reads an Error's message to print it, and throws what the getter throws.
    const logged = spyOn(console, 'error').and.callFake((_message: unknown, error: unknown) => void (error as Error)?.message);
    const value = HOSTILE_VALUES.find((h) => h.name === 'an Error whose message getter throws')!.make();
    const tracker = new TaskTracker(new UnlimitedScheduler(), quietPolicy());
    const handle = tracker.spawnCancellable(
      (token) => (
        token.onCancel(() => {
          throw value;
        }),
        NEVER
      ),
    );
    expect(() => handle.cancel()).not.toThrow();
    expect(logged.calls.count()).toBe(2);
    expect(Object.is(logged.calls.argsFor(0)[1], value)).toBeTrue();
    expect(logged.calls.argsFor(1)[1]).toBe('[unprintable object]');
  });

  it('does not break handle.cancel(): the task ends cancelled, its slot comes back', () => {
    const scheduler = SemaphoreScheduler.withPermits(1);
    const errors: unknown[] = [];
    const tracker = new TaskTracker(scheduler, quietPolicy(), { onTeardownError: (error) => errors.push(error) });
    const bad = tracker.spawn(badTeardown());
    const next = tracker.spawn(NEVER);
    expect(() => bad.cancel()).not.toThrow();
    expect(bad.status).toBe('cancelled');
    expect(next.status).toBe('running');
    expect(errors.length).toBe(1);
    expect(brokenInvariants(tracker.metrics())).toEqual([]);
    tracker.cancel();
    expect(scheduler.availablePermits()).toBe(1);
  });

  it('does not break a timeout: the task fails timed out at its frame', marbles((m) => {
    const { tracker, errors } = recordingTracker(1);
    const handle = tracker.spawn(badTeardown(), { timeout: 3 });
    const next = m.cold('-a|');
    const after = tracker.spawn(next);
    m.expect(next).toHaveSubscriptions('---^-!');
    m.flush();
    expect(handle.status).toBe('failed');
    expect(after.status).toBe('success');
    expect(errors.length).toBe(1);
    expect(tracker.metrics().snapshot()).toEqual(jasmine.objectContaining({ failed: 1, timedOut: 1, success: 1, pending: 0 }));
  }));

  it('does not break a shutdown by a policy: the failing task shuts the tracker down, the bad one ends cancelled', () => {
    const { tracker, errors } = recordingTracker(10, new CancelOnError());
    const bad = tracker.spawn(badTeardown());
    const failing = new Subject<never>();
    const other = tracker.spawn(failing);
    failing.error(new Error('boom'));
    expect(other.status).toBe('failed');
    expect(bad.status).toBe('cancelled');
    expect(tracker.isClosed()).toBeTrue();
    expect(errors.length).toBe(1);
    expect(brokenInvariants(tracker.metrics())).toEqual([]);
    expect(tracker.metrics().pending()).toBe(0);
  });

  it('does not break a retry whose delay Observable has a throwing teardown', () => {
    const errors: unknown[] = [];
    const policy: OnErrorPolicy = {
      onError: () => ErrorResponse.retry({ delay: badTeardown('delay teardown') }),
      createChild: () => policy,
    };
    const tracker = new TaskTracker(new UnlimitedScheduler(), policy, { onTeardownError: (error) => errors.push(error) });
    const failing = new Subject<never>();
    const handle = tracker.spawn(failing);
    failing.error(new Error('once'));
    expect(handle.status).toBe('retrying');
    expect(() => tracker.cancel()).not.toThrow();
    expect(handle.status).toBe('cancelled');
    expect(errors.length).toBe(1);
    expect(brokenInvariants(tracker.metrics())).toEqual([]);
  });

  it('does not break a switchTask replacement: the old task ends cancelled, the new one runs', marbles((m) => {
    const { tracker, errors } = recordingTracker(2);
    const next = m.cold('--n|');
    const source = m.hot('a--b|');
    const output = source.pipe(switchTask(tracker, (value) => (value === 'a' ? badTeardown() : next)));
    m.expect(output).toBeObservable('-----n|');
    m.expect(next).toHaveSubscriptions('---^--!');
    m.flush();
    expect(errors.length).toBe(1);
    expect(tracker.metrics().snapshot()).toEqual(jasmine.objectContaining({ issued: 2, cancelled: 1, success: 1, pending: 0 }));
  }));

  it('reports a throwing cancel listener and still returns from cancel()', () => {
    const errors: unknown[] = [];
    const tracker = new TaskTracker(new UnlimitedScheduler(), quietPolicy(), { onTeardownError: (error) => errors.push(error) });
    tracker.cancellationToken().onCancel(() => {
      throw new Error('listener');
    });
    const handle = tracker.spawn(NEVER);
    expect(tracker.cancel()).toBeTrue();
    expect(handle.status).toBe('cancelled');
    expect(errors.map((e) => (e as Error).message)).toEqual(['listener']);
  });

  it('logs with console.error by default', () => {
    const log = spyOn(console, 'error');
    const tracker = new TaskTracker(new UnlimitedScheduler(), new RetryPolicy({ inner: quietPolicy() }));
    tracker.spawn(badTeardown());
    tracker.cancel();
    expect(log).toHaveBeenCalledTimes(1);
    const [message, error] = log.calls.argsFor(0);
    expect(message).toContain('tearing down task-');
    expect((error as Error).message).toBe('teardown');
  });
});

describe('a task that ends inside subscribe() and whose teardown throws', () => {
  it('is reported, and does not fail the retry that runs meanwhile', () => {
    const reported: unknown[] = [];
    const tracker = new TaskTracker(new UnlimitedScheduler(), new RetryPolicy({ retries: 1, initialDelay: 0, inner: quietPolicy() }), {
      onTeardownError: (error) => reported.push(error),
    });
    let attempt = 0;
    const handle = tracker.spawn(
      () =>
        new Observable<string>((subscriber) => {
          if (++attempt === 1) subscriber.error(new Error('attempt 1 failed'));
          return () => {
            throw new Error('teardown');
          };
        }),
    );
    expect(attempt).toBe(2);
    expect(handle.status).toBe('running');
    expect(reported.map((e) => (e as Error).message)).toEqual(['teardown']);
    handle.cancel();
    expect(reported.length).toBe(2);
    expect(brokenInvariants(tracker.metrics())).toEqual([]);
  });

  it('is reported when the task succeeded inside subscribe()', async () => {
    const reported: unknown[] = [];
    const tracker = new TaskTracker(new UnlimitedScheduler(), quietPolicy(), { onTeardownError: (error) => reported.push(error) });
    const handle = tracker.spawn(
      new Observable<string>((subscriber) => {
        subscriber.next('v');
        subscriber.complete();
        return () => {
          throw new Error('teardown');
        };
      }),
    );
    expect(await handle).toBe('v');
    expect(reported.length).toBe(1);
  });
});
