import { ApplicationRef, inject, isDevMode, PLATFORM_ID } from '@angular/core';

/** Each instance given (not made by a factory) on a server, and the application that used it first. */
const firstApplication = new WeakMap<object, ApplicationRef>();
/** Instances warned about already: once is enough. */
const warned = new WeakSet<object>();

/**
 * @internal The instance a config field names: the value itself, or what its
 * factory returns. Schedulers and policies are objects, never functions, so a
 * function can only be a factory. Runs in an injection context.
 *
 * On a server, in development mode, an instance that a second application
 * uses is shared by every request rendered there: one pool of slots, one
 * circuit breaker for all of them. That is rarely meant, and invisible, so it
 * is said once per instance on the console. A factory never warns: one that
 * returns the same instance shares it on purpose.
 *
 * @param field Where the value was given, for the warning: `provideTaskTracker({ scheduler })`.
 */
export function instanceOf<T extends object>(value: T | (() => T) | undefined, field: string): T | undefined {
  if (typeof value === 'function') return (value as () => T)();
  if (value !== undefined && isDevMode() && inject(PLATFORM_ID) === 'server') noteServerUse(value, field);
  return value;
}

function noteServerUse(instance: object, field: string): void {
  const application = inject(ApplicationRef);
  const first = firstApplication.get(instance);
  if (first === undefined) {
    firstApplication.set(instance, application);
    return;
  }
  if (first === application || warned.has(instance)) return;
  warned.add(instance);
  console.warn(
    `rx-task-tracker/angular: the instance given to ${field} is used by a second application on this server, ` +
      'so every request rendered here shares it (its slots, its circuit breaker, its counts). ' +
      'For one per request, pass a factory: () => SemaphoreScheduler.withPermits(6), () => new RetryPolicy(…). ' +
      'To share it on purpose, pass a factory that returns it: () => shared. (Shown in development mode only.)',
  );
}
