// What the specs ported from RxJS need: their matcher and interop helper, adapted
// to Jasmine and to what our operators' docs say differs.
import { Observable, Subscriber, type Operator, type Subscription } from 'rxjs';
import { isTaskFailedError, type TaskTracker } from '../../../lib/index.js';
import { unlimitedTracker } from '../../helpers/trackers.js';

/** The RxJS release the specs come from: tag 7.8.2 of ReactiveX/rxjs. */
export const RXJS_COMMIT = 'e5351d02e225e275ac0e497c7b66eaa5f0c88791';

/**
 * A fresh tracker for one operator: free slots (an UnlimitedScheduler) and a
 * quiet policy, where the operators' frames are their RxJS counterparts'.
 */
export function tracker(): TaskTracker {
  return unlimitedTracker();
}

/**
 * The one difference the operators document: a failed inner (or a `project`
 * that throws) errors the output with a `TaskFailedError` whose `cause` is the
 * inner's error. Returns that cause, failing the spec for any other error.
 * (The matcher below unwraps it, nested ones too, for the marble specs.)
 */
export function causeOf(error: unknown): unknown {
  expect(isTaskFailedError(error)).withContext(`a TaskFailedError, got ${String(error)}`).toBeTrue();
  return (error as { cause?: unknown }).cause;
}

interface Frame {
  notification?: { kind: string; error?: unknown };
}

/**
 * RxJS's `observableMatcher` (spec/helpers/observableMatcher.ts) with Jasmine's
 * `toEqual`: an error notification that is a `TaskFailedError` is compared by its
 * `cause` (what RxJS's operator would have errored with), and an Error by its
 * name and message, as RxJS's matcher does.
 */
export function taskMatcher(actual: unknown, expected: unknown): void {
  if (Array.isArray(actual) && Array.isArray(expected)) {
    expect(actual.map((frame: Frame) => plain(frame, true))).toEqual(expected.map((frame: Frame) => plain(frame, false)));
  } else {
    expect(actual).toEqual(expected);
  }
}

function plain(frame: Frame, ours: boolean): unknown {
  const notification = frame?.notification;
  if (notification?.kind !== 'E') return frame;
  let error = notification.error;
  // A TaskFailedError of an operator inside a project is wrapped again by the outer one.
  while (ours && isTaskFailedError(error)) error = error.cause;
  if (error instanceof Error) error = { name: error.name, message: error.message };
  return { ...frame, notification: { ...notification, error } };
}

// From RxJS 7.8.2's spec/helpers/interop-helper.ts (the two functions its operator specs use), as it is.

/**
 * Returns an observable that will be deemed by this package's implementation
 * to be an observable that requires interop. The returned observable will fail
 * the `instanceof Observable` test and will deem any `Subscriber` passed to
 * its `subscribe` method to be untrusted.
 */
export function asInteropObservable<T>(observable: Observable<T>): Observable<T> {
  return new Proxy(observable, {
    get(target: Observable<T>, key: string | number | symbol) {
      if (key === 'lift') {
        const { lift } = target as unknown as { lift: (operator: Operator<T, unknown>) => Observable<unknown> };
        return interopLift(lift);
      }
      if (key === 'subscribe') {
        const { subscribe } = target;
        return interopSubscribe(subscribe as (...args: unknown[]) => Subscription);
      }
      return Reflect.get(target, key);
    },
    getPrototypeOf(target: Observable<T>) {
      // eslint-disable-next-line @typescript-eslint/no-unused-vars
      const { lift, subscribe, ...rest } = Object.getPrototypeOf(target);
      return {
        ...rest,
        lift: interopLift(lift),
        subscribe: interopSubscribe(subscribe),
      };
    },
  });
}

function asInteropSubscriber<T>(subscriber: Subscriber<T>): Subscriber<T> {
  return new Proxy(subscriber, {
    get(target: Subscriber<T>, key: string | number | symbol) {
      return Reflect.get(target, key);
    },
    getPrototypeOf(target: Subscriber<T>) {
      const { ...rest } = Object.getPrototypeOf(target);
      return rest;
    },
  });
}

function interopLift<T, R>(lift: (operator: Operator<T, R>) => Observable<R>) {
  return function (this: Observable<T>, operator: Operator<T, R>): Observable<R> {
    const observable = lift.call(this, operator);
    const { call } = observable.operator!;
    observable.operator!.call = function (this: Operator<T, R>, subscriber: Subscriber<R>, source: unknown) {
      return call.call(this, asInteropSubscriber(subscriber), source);
    };
    observable.source = asInteropObservable(observable.source!);
    return asInteropObservable(observable);
  };
}

function interopSubscribe<T>(subscribe: (...args: unknown[]) => Subscription) {
  return function (this: Observable<T>, ...args: unknown[]): Subscription {
    const [arg] = args;
    if (arg instanceof Subscriber) {
      return subscribe.call(this, asInteropSubscriber(arg));
    }
    return subscribe.apply(this, args);
  };
}
