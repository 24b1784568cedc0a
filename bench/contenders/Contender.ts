import type { Observable } from 'rxjs';

/** A task as the throughput cases hand it out: a function returning a promise. */
export type PromiseTask = () => PromiseLike<unknown>;

/**
 * One instance of a contender at one concurrency: what the cases drive.
 *
 * The harness submits every task, then awaits `Promise.all` of the returned
 * handles (when `hasHandles`), then `drain()`. Both are inside the timed region.
 */
export interface Pool {
  /** Whether `submit` returns a per-task promise (RxJS `mergeMap` gives none). */
  readonly hasHandles: boolean;
  /** Queues a promise task; returns its handle (a promise of its value) or `undefined`. */
  submit(task: PromiseTask): PromiseLike<unknown> | undefined;
  /**
   * Queues a synchronous Observable task. RxJS-native contenders subscribe to it;
   * promise libraries get `() => firstValueFrom(task)`, which is what their users
   * would have to write.
   */
  submitObservable(task: Observable<unknown>): PromiseLike<unknown> | undefined;
  /** Resolves once the pool is idle (after the handles settled); for RxJS, completes the input. */
  drain(): Promise<void>;
}

/** A library (or our tracker, or the floor) under test. */
export interface Contender {
  /** Short, stable id used on the command line and in the JSON (`floor`, `p-limit`…). */
  readonly id: string;
  /** What the table shows. */
  readonly label: string;
  /** Rounds it is run at most per cell (it is slow, and its time barely varies). @defaultValue the plan's */
  readonly maxRounds?: number;
  /**
   * Too slow for the plan's per-sample task budget: each sample is one warm-up
   * run of at most 100 tasks and one timed run. @defaultValue false
   */
  readonly slow?: boolean;
  /** Run only in the headline cell (concurrency 8, promise tasks). @defaultValue false */
  readonly headlineOnly?: boolean;
  /** Seconds per run at the plan's large N (1M): there, run only in the headline cell. @defaultValue false */
  readonly heavy?: boolean;
  /** Creates a fresh pool running at most `concurrency` tasks at once. */
  create(concurrency: number): Pool;
}
