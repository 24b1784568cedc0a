import { got } from '../errors/describeValue.js';
import type { TaskHandle } from './TaskHandle.js';

/** @internal Throws a TypeError unless `signal` is undefined or an AbortSignal (duck-typed: realms differ). */
export function checkSignal(signal: unknown, where: string): AbortSignal | undefined {
  if (signal === undefined) return undefined;
  const candidate = signal as Partial<AbortSignal> | null;
  if (typeof candidate?.addEventListener !== 'function' || typeof candidate.aborted !== 'boolean') {
    throw new TypeError(`${where}: signal must be an AbortSignal, got ${got(signal)}`);
  }
  return signal as AbortSignal;
}

/**
 * @internal Cancels `handle` with the signal's reason when `signal` aborts. The
 * listener goes when the task ends ({@link unfollowSignal}), so one long-lived
 * signal shared by many tasks holds none of the finished ones. A signal that
 * has aborted already cancels the task at once.
 */
export function followSignal(handle: TaskHandle<unknown>, signal: AbortSignal): void {
  if (signal.aborted) {
    handle.cancel(signal.reason);
    return;
  }
  const extras = handle._extras();
  const onAbort = (): void => {
    handle.cancel(signal.reason);
  };
  signal.addEventListener('abort', onAbort);
  extras.signal = signal;
  extras.onAbort = onAbort;
}

/** @internal The task ended: stop listening to its `signal` option. */
export function unfollowSignal(handle: TaskHandle<unknown>): void {
  const extras = handle._x!;
  extras.signal!.removeEventListener('abort', extras.onAbort!);
  extras.signal = undefined;
  extras.onAbort = undefined;
}
