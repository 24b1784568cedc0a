// Nothing of a tracker outlives join() or cancel(): for every built-in policy and
// scheduler, the Node process holds no more timers or immediates after the tracker
// has settled than before it was made (Node only: process.getActiveResourcesInfo).
import { NEVER, Observable, interval, of, throwError, timer, type ObservableInput } from 'rxjs';
import {
  CancelOnError,
  CancellationToken,
  CircuitBreakerPolicy,
  PriorityScheduler,
  RateLimitScheduler,
  RateCancelPolicy,
  RetryPolicy,
  SemaphoreScheduler,
  TaskTracker,
  ThresholdCancelPolicy,
  TriggerCancellationTokenOnError,
  UnlimitedScheduler,
  composePolicies,
  type OnErrorPolicy,
  type TaskHandle,
  type TaskScheduler,
} from '../../lib/index.js';
import { AsyncContextScheduler } from '../../lib/node/index.js';
import { quietPolicy } from '../helpers/trackers.js';

/** The resource kinds that keep a Node process alive on their own and that a tracker could leave behind. */
const TIMER_KINDS = ['Timeout', 'Immediate'] as const;
type TimerCounts = Record<(typeof TIMER_KINDS)[number], number>;

/** How many ref'd timers and immediates the process holds now (unref'd ones are not listed, and cannot hang it). */
function timerCounts(): TimerCounts {
  const counts: TimerCounts = { Timeout: 0, Immediate: 0 };
  for (const kind of process.getActiveResourcesInfo()) if (kind === 'Timeout' || kind === 'Immediate') counts[kind]++;
  return counts;
}

/** The kinds of which the process holds more now than in `baseline`, e.g. `['Timeout +1']`; `[]` when none. */
function leakedSince(baseline: TimerCounts): string[] {
  const now = timerCounts();
  return TIMER_KINDS.filter((kind) => now[kind] > baseline[kind]).map((kind) => `${kind} +${now[kind] - baseline[kind]}`);
}

/**
 * Lets one macrotask pass: a timer that fires "at once" (a zero delay, a cleared
 * interval whose callback was queued) has then run, so only what really stays is counted.
 */
function macrotask(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * A policy under test. `ready` says when the run has reached the state the case
 * is about (a circuit opened, a task waits for its retry), so that it ends only then.
 */
interface PolicyCase {
  readonly name: string;
  /** `long`: a run that ends by cancellation, where timers may be long (a retry waiting 30 s). */
  make(long: boolean): { policy: OnErrorPolicy; ready?: (handles: readonly TaskHandle<unknown>[]) => boolean };
}

/** Whether one of the tasks waits for its retry. */
const waitingForRetry = (handles: readonly TaskHandle<unknown>[]) => handles.some((handle) => handle.status === 'retrying');

const POLICIES: readonly PolicyCase[] = [
  { name: 'LogOnlyPolicy', make: () => ({ policy: quietPolicy() }) },
  { name: 'CancelOnError', make: () => ({ policy: new CancelOnError() }) },
  { name: 'ThresholdCancelPolicy', make: () => ({ policy: ThresholdCancelPolicy.withThreshold(2) }) },
  {
    name: 'RateCancelPolicy',
    make: () => ({ policy: RateCancelPolicy.builder().rate(0.5).windowMs(30000).minSamples(2).build() }),
  },
  {
    name: 'TriggerCancellationTokenOnError',
    make: () => {
      const token = new CancellationToken();
      return { policy: new TriggerCancellationTokenOnError(token), ready: () => token.isCancelled() };
    },
  },
  {
    // Cancelled while a task waits 30 s for its retry; joined after 1 ms retries.
    name: 'RetryPolicy',
    make: (long) => ({
      policy: new RetryPolicy({ retries: 2, initialDelay: long ? 30_000 : 1, inner: quietPolicy() }),
      ready: long ? waitingForRetry : undefined,
    }),
  },
  {
    // Opened by the first failure; its half-open time (20 s) must not be a timer that outlives the tracker.
    name: 'CircuitBreakerPolicy',
    make: () => {
      const breaker = new CircuitBreakerPolicy({ failureThreshold: 1, halfOpenAfter: 20_000 });
      return { policy: composePolicies(breaker, quietPolicy()), ready: () => breaker.state === 'open' };
    },
  },
  {
    name: 'composePolicies(breaker, retry, rate, threshold)',
    make: (long) => {
      const breaker = new CircuitBreakerPolicy({ failureThreshold: 1, halfOpenAfter: 20_000 });
      const policy = composePolicies(
        breaker,
        new RetryPolicy({ retries: 1, initialDelay: long ? 30_000 : 1, inner: quietPolicy() }),
        RateCancelPolicy.builder().rate(0.9).windowMs(30000).minSamples(50).build(),
        ThresholdCancelPolicy.withThreshold(100),
      );
      return { policy, ready: (handles) => breaker.state === 'open' && (!long || waitingForRetry(handles)) };
    },
  },
];

const SCHEDULERS: readonly { name: string; make(): TaskScheduler }[] = [
  { name: 'UnlimitedScheduler', make: () => new UnlimitedScheduler() },
  // Two slots, so that some tasks wait in the queue when the tracker ends.
  { name: 'SemaphoreScheduler', make: () => SemaphoreScheduler.withPermits(2) },
  { name: 'PriorityScheduler', make: () => PriorityScheduler.withPermits(2) },
  // Binding: tasks wait on the window's timer when the tracker ends.
  { name: 'RateLimitScheduler', make: () => RateLimitScheduler.perInterval(4, 20, { concurrency: 2 }) },
  { name: 'AsyncContextScheduler', make: () => AsyncContextScheduler.wrap(SemaphoreScheduler.withPermits(2)) },
];

/**
 * How the run ends:
 * - `join`: every task ends on its own (timeouts end the endless ones), then `join()`;
 * - `cancel`: `tracker.cancel()` while tasks run, wait, time out or wait for a retry, then `join()`;
 * - `handle.cancel`: each unfinished handle is cancelled on its own, then `join()`.
 */
const ENDINGS = ['join', 'cancel', 'handle.cancel'] as const;
type Ending = (typeof ENDINGS)[number];

/**
 * Spawns a mix on `root` and its `child`: sync and async successes, a promise
 * task, a cancellable task, a task that ends well within a long timeout, one that
 * times out; with `long`, endless tasks too (one with a 30 s timeout) that only a
 * cancellation ends. The failures come last, each on a tracker that is still
 * open: a policy that shuts a tracker down at the first one then has running
 * tasks to tear down.
 */
function spawnWorkload(root: TaskTracker, child: TaskTracker, long: boolean): TaskHandle<unknown>[] {
  const handles: TaskHandle<unknown>[] = [];
  for (const tracker of [child, root]) {
    handles.push(
      tracker.spawn(of(1)),
      tracker.spawn(timer(2)),
      tracker.spawn(() => Promise.resolve('value')),
      tracker.spawnCancellable(sleepUnlessCancelled),
      tracker.spawn(timer(1), { timeout: 10_000 }),
      tracker.spawn(NEVER, { timeout: 5 }),
    );
    if (long) handles.push(tracker.spawn(NEVER, { timeout: 30_000 }), tracker.spawn(interval(1)), tracker.spawn(new Observable<never>(() => {})));
  }
  const failures: (() => ObservableInput<never>)[] = [() => throwError(() => new Error('sync failure')), () => Promise.reject(new Error('async failure'))];
  for (const tracker of [child, root]) {
    for (const failure of failures) if (!tracker.isClosed()) handles.push(tracker.spawn(failure));
  }
  return handles;
}

/** A cancellable task that sleeps 3 ms, and stops (clearing its own timer) when its token fires. */
function sleepUnlessCancelled(token: CancellationToken): Promise<string> {
  return new Promise((resolve) => {
    const sleep = setTimeout(() => {
      stopListening();
      resolve('slept');
    }, 3);
    const stopListening = token.onCancel(() => {
      clearTimeout(sleep);
      resolve('stopped');
    });
  });
}

describe('resources after join() and cancel()', () => {
  it('the check sees a timer left behind (so the cases below can fail)', async () => {
    const baseline = timerCounts();
    const leaked = setTimeout(() => {}, 20_000);
    await macrotask();
    expect(leakedSince(baseline)).toEqual(['Timeout +1']);
    clearTimeout(leaked);
    expect(leakedSince(baseline)).toEqual([]);
  });

  for (const policyCase of POLICIES) {
    for (const scheduler of SCHEDULERS) {
      for (const ending of ENDINGS) {
        it(`${policyCase.name} on a ${scheduler.name}: nothing is left after ${ending}`, async () => {
          await macrotask();
          const baseline = timerCounts();
          const long = ending !== 'join';
          const { policy, ready } = policyCase.make(long);
          const tracker = new TaskTracker(scheduler.make(), policy, { onPolicyError: () => {} });
          const child = tracker.childTracker();
          const handles = spawnWorkload(tracker, child, long);
          // Let the failures reach the policies and the short timers run (a breaker opens, a retry starts waiting).
          await delay(10);
          for (let waited = 0; ready !== undefined && !ready(handles) && waited < 2000; waited += 5) await delay(5);
          if (ready !== undefined) expect(ready(handles)).withContext('the case reached its state').toBeTrue();
          await end(tracker, handles, ending);
          expect(handles.filter((handle) => !handle.isFinished()).map((handle) => `${handle.id} ${handle.status}`))
            .withContext('unfinished handles after join()')
            .toEqual([]);
          expect(tracker.metrics().pending()).withContext('pending').toBe(0);
          await Promise.allSettled(handles);
          await macrotask();
          expect(leakedSince(baseline)).withContext(`timers left (${process.getActiveResourcesInfo().join(', ')})`).toEqual([]);
        });
      }
    }
  }

  it('RateLimitScheduler: tasks cancelled while they wait on a 60 s window leave no timer', async () => {
    await macrotask();
    const baseline = timerCounts();
    const scheduler = RateLimitScheduler.perInterval(1, 60_000);
    const tracker = new TaskTracker(scheduler, quietPolicy());
    tracker.spawn(of(1));
    const waiting = [tracker.spawn(of(2)), tracker.spawn(of(3))];
    await macrotask();
    expect(leakedSince(baseline)).toEqual(['Timeout +1']);
    for (const handle of waiting) handle.cancel();
    expect(scheduler.size).toBe(0);
    await macrotask();
    expect(leakedSince(baseline)).toEqual([]);
    await tracker.join();
  });

  it('RetryPolicy: a task cancelled while it waits 30 s for its retry leaves no timer', async () => {
    await macrotask();
    const baseline = timerCounts();
    const tracker = new TaskTracker(SemaphoreScheduler.withPermits(1), new RetryPolicy({ retries: 1, initialDelay: 30_000, inner: quietPolicy() }));
    const handle = tracker.spawn(throwError(() => new Error('boom')));
    expect(handle.status).toBe('retrying');
    handle.cancel('no more waiting');
    await tracker.join();
    await macrotask();
    expect(handle.status).toBe('cancelled');
    expect(leakedSince(baseline)).toEqual([]);
  });
});

/** Ends the run as `ending` says, and waits for `join()`. */
async function end(tracker: TaskTracker, handles: readonly TaskHandle<unknown>[], ending: Ending): Promise<void> {
  if (ending === 'cancel') tracker.cancel('test over');
  else if (ending === 'handle.cancel') for (const handle of handles) handle.cancel('test over');
  await tracker.join();
}
