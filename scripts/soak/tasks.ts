import { Observable, interval, map, of, throwError, timer } from 'rxjs';
import { CancellableTaskResult, type CancellationToken, type TaskHandle, type TaskTracker } from '../../lib/index.js';
import { HOSTILE_VALUES } from '../../spec/helpers/hostileValues.js';
import { TEARDOWN_ERROR, type Expected, type Ledger } from './ledger.js';
import { weightTable, type Random } from './random.js';

/** Every kind of task a user may hand a tracker, and how often the soak spawns each. */
const KINDS = weightTable({
  observableSync: 8,
  observableAsync: 10,
  observableSyncError: 3,
  observableAsyncError: 4,
  promiseResolve: 10,
  promiseReject: 5,
  cancellablePromise: 8,
  resultOk: 3,
  resultCancelled: 2,
  resultErr: 2,
  resultAsync: 3,
  plainValue: 5,
  syncThrow: 3,
  endless: 4,
  throwingTeardown: 4,
  endsThrowingTeardown: 2,
  fatal: 1,
  hostileThrow: 2,
  hostileReject: 2,
  hostileResult: 2,
  hostileEmit: 2,
});

/** The message of errors that `CancelOnError.withPatterns(['fatal'])` shuts down on. */
export const FATAL = 'fatal';

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Spawns one random task on `tracker` (which must be open) and has the ledger
 * follow its handle; returns the handle, for the caller to cancel it maybe.
 * Delays are 0–5 ms of real time, so that tasks end fast and throughput is high.
 * Tasks that only end when torn down always get a timeout, or `join()` would wait
 * for ever.
 */
export function spawnRandomTask(tracker: TaskTracker, rng: Random, ledger: Ledger): TaskHandle<unknown> {
  const kind = rng.weighted(KINDS);
  const v = ledger.spawned;
  const d = rng.int(0, 5);
  const timeout = rng.chance(0.15) ? { timeout: rng.int(1, 5) } : undefined;
  const mustEnd = { timeout: rng.int(1, 5) };
  let handle: TaskHandle<unknown>;
  let expected: Expected = 'never';
  switch (kind) {
    case 'observableSync':
      handle = tracker.spawn(of(v), timeout);
      expected = { value: v };
      break;
    case 'observableAsync':
      handle = tracker.spawn(timer(d).pipe(map(() => v)), timeout);
      expected = { value: v };
      break;
    case 'observableSyncError':
      handle = tracker.spawn(throwError(() => new Error('observable failure')), timeout);
      break;
    case 'observableAsyncError':
      handle = tracker.spawn(
        timer(d).pipe(
          map(() => {
            throw new Error('async observable failure');
          }),
        ),
        timeout,
      );
      break;
    case 'promiseResolve':
      handle = tracker.spawn(() => sleep(d).then(() => v), timeout);
      expected = { value: v };
      break;
    case 'promiseReject':
      handle = tracker.spawn(() => sleep(d).then(() => Promise.reject(new Error('promise failure'))), timeout);
      break;
    case 'cancellablePromise':
      handle = tracker.spawnCancellable((token) => sleepUnlessCancelled(token, d, v, rng.chance(0.5)), timeout);
      expected = { value: v };
      break;
    case 'resultOk':
      handle = tracker.spawnCancellable(() => CancellableTaskResult.ok(v), timeout);
      expected = { value: v };
      break;
    case 'resultCancelled':
      handle = tracker.spawnCancellable(() => CancellableTaskResult.cancelled(), timeout);
      break;
    case 'resultErr':
      handle = tracker.spawnCancellable(() => CancellableTaskResult.err(new Error('result failure')), timeout);
      break;
    case 'resultAsync':
      handle = tracker.spawnCancellable(
        (token) => sleep(d).then(() => (token.isCancelled() ? CancellableTaskResult.cancelled<number>() : CancellableTaskResult.ok(v))),
        timeout,
      );
      expected = { value: v };
      break;
    case 'plainValue': {
      const which = rng.int(0, 2);
      handle = tracker.spawn(() => (which === 0 ? v : which === 1 ? `text ${v}` : [0, 1, v]), timeout);
      expected = { value: which === 1 ? `text ${v}` : v };
      break;
    }
    case 'syncThrow':
      handle = tracker.spawn(() => {
        throw new Error('sync throw');
      }, timeout);
      break;
    case 'endless':
      handle = tracker.spawn(endless(ledger), mustEnd);
      break;
    case 'throwingTeardown':
      handle = tracker.spawn(throwingTeardown(ledger), mustEnd);
      break;
    case 'endsThrowingTeardown': {
      const fails = rng.chance(0.5);
      handle = tracker.spawn(endsThrowingTeardown(ledger, v, fails), timeout);
      expected = fails ? 'never' : { value: v };
      break;
    }
    case 'fatal':
      handle = tracker.spawn(() => Promise.reject(new Error(`${FATAL}: shut the tracker down`)), timeout);
      break;
    // Values that cannot be printed or read, thrown, rejected with, returned and emitted.
    case 'hostileThrow': {
      const value = rng.pick(HOSTILE_VALUES).make();
      handle = tracker.spawn(() => {
        throw value;
      }, timeout);
      break;
    }
    case 'hostileReject': {
      const value = rng.pick(HOSTILE_VALUES).make();
      handle = tracker.spawn(() => sleep(d).then(() => Promise.reject(value)), timeout);
      break;
    }
    case 'hostileResult':
    case 'hostileEmit': {
      // A value that cannot be read fails the task (as a promise resolved with it rejects); any other is its value.
      const hostile = rng.pick(HOSTILE_VALUES);
      const value = hostile.make();
      handle = kind === 'hostileResult' ? tracker.spawn(() => value, timeout) : tracker.spawn(timer(d).pipe(map(() => value)), timeout);
      expected = hostile.unreadable ? 'never' : { value };
      break;
    }
  }
  ledger.track(handle, expected);
  return handle;
}

/**
 * A task that sleeps `ms` then gives `value`, and stops early when its token
 * fires (rejecting with the token's reason or the signal's AbortError, both of
 * which make it end cancelled), clearing its own timer and listener either way.
 */
function sleepUnlessCancelled(token: CancellationToken, ms: number, value: number, useSignal: boolean): Promise<number> {
  return new Promise((resolve, reject) => {
    let stopListening: () => void;
    const sleeping = setTimeout(() => {
      stopListening();
      resolve(value);
    }, ms);
    if (useSignal) {
      const signal = token.signal;
      const onAbort = () => {
        clearTimeout(sleeping);
        reject(signal.reason);
      };
      signal.addEventListener('abort', onAbort, { once: true });
      stopListening = () => signal.removeEventListener('abort', onAbort);
      if (signal.aborted) onAbort();
    } else {
      stopListening = token.onCancel((reason) => {
        clearTimeout(sleeping);
        reject(reason);
      });
    }
  });
}

/** An Observable that ticks until torn down; the ledger counts subscriptions and teardowns, which must match at the end. */
function endless(ledger: Ledger): Observable<number> {
  return new Observable<number>((subscriber) => {
    ledger.subscribed++;
    const ticks = interval(1).subscribe(subscriber);
    return () => {
      ledger.unsubscribed++;
      ticks.unsubscribe();
    };
  });
}

/**
 * A buggy third-party Observable: it never ends, and its teardown throws. The
 * tracker must report each throw (`onTeardownError`) and still end the task.
 */
function throwingTeardown(ledger: Ledger): Observable<never> {
  return new Observable<never>(() => {
    ledger.throwingSubscribed++;
    return () => {
      ledger.teardownsThrown++;
      throw new Error(TEARDOWN_ERROR);
    };
  });
}

/**
 * A buggy Observable that ends (completes with `value`, or errors) inside
 * `subscribe()` and returns a teardown that throws: RxJS runs that teardown at
 * once, and it throws out of `subscribe()`, after the task has ended. The
 * tracker must report it like any other teardown error, and to no other task.
 */
function endsThrowingTeardown(ledger: Ledger, value: number, fails: boolean): Observable<number> {
  return new Observable<number>((subscriber) => {
    ledger.throwingSubscribed++;
    if (fails) subscriber.error(new Error('observable failure'));
    else {
      subscriber.next(value);
      subscriber.complete();
    }
    return () => {
      ledger.teardownsThrown++;
      throw new Error(TEARDOWN_ERROR);
    };
  });
}
