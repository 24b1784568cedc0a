/**
 * `rx-task-tracker/testing`: helpers for testing code that uses a tracker, in marble
 * tests in virtual time.
 *
 * Runs in browsers and Node; needs `rxjs` only: no Node built-in, no test framework.
 *
 * @packageDocumentation
 */
// Names only; every export is documented where it is defined.

export { recordTaskMarbles } from './recordTaskMarbles.js';
