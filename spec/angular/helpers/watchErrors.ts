// What a spec of "leaving a component is silent" watches: every way an error can
// surface in an Angular application in a browser.
import type { ErrorHandler } from '@angular/core';

export interface SeenErrors {
  /** Everything seen, each as `where: error`. */
  readonly errors: string[];
  /** To provide as the application's `ErrorHandler`. */
  readonly errorHandler: ErrorHandler;
  /** Resolves after a macrotask, when RxJS has reported any error nobody handled (it throws them in a `setTimeout`). */
  settled(): Promise<void>;
  /** Stops watching. */
  stop(): void;
}

/**
 * Starts recording what reaches `console.error`, the ErrorHandler, and the
 * window's `error` and `unhandledrejection` events.
 */
export function watchErrors(): SeenErrors {
  const errors: string[] = [];
  const describe = (error: unknown) => (error instanceof Error ? `${error.name}: ${error.message}` : String(error));
  const consoleError = console.error;
  console.error = (...args: unknown[]) => void errors.push(`console.error: ${args.map(describe).join(' ')}`);
  const onError = (event: ErrorEvent) => void errors.push(`window error: ${describe(event.error ?? event.message)}`);
  const onRejection = (event: PromiseRejectionEvent) => void errors.push(`unhandled rejection: ${describe(event.reason)}`);
  window.addEventListener('error', onError, true);
  window.addEventListener('unhandledrejection', onRejection, true);
  return {
    errors,
    errorHandler: { handleError: (error: unknown) => void errors.push(`ErrorHandler: ${describe(error)}`) },
    settled: () => new Promise<void>((resolve) => setTimeout(resolve, 0)),
    stop: () => {
      console.error = consoleError;
      window.removeEventListener('error', onError, true);
      window.removeEventListener('unhandledrejection', onRejection, true);
    },
  };
}
