// The `rx-task-tracker/testing` entry point: helpers for testing code that uses a
// tracker. Browser-safe, no Node built-ins, no test framework; rxjs only. Names
// only; every export is documented where it is defined.

export { recordTaskMarbles } from './recordTaskMarbles.js';
