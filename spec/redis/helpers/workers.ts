// Forks processes running ../fixtures/worker.ts and collects what they record.
import { fork, type ChildProcess } from 'node:child_process';
import type { MetricsSnapshot } from '../../../lib/index.js';

const FIXTURE = 'spec/redis/fixtures/worker.ts';

export interface WorkerConfig {
  readonly name: string;
  /** The Redis server's port; with `cluster`, unused. */
  readonly port: number;
  /** The ports of a Redis Cluster's nodes: the worker connects with ioredis' `Cluster`. */
  readonly cluster?: readonly number[];
  readonly key: string;
  /**
   * 'run': `tasks` recorded tasks on a semaphore; 'hold': `tasks` endless ones; 'rate': recorded tasks on a
   * rate limit; 'queue': one recorded task per `spawn()`.
   */
  readonly mode: 'run' | 'hold' | 'rate' | 'queue';
  /** Semaphore permits, or the rate limit. */
  readonly permits: number;
  readonly tasks: number;
  readonly maxTaskMs: number;
  readonly leaseMs?: number;
  readonly intervalMs?: number;
}

export interface TaskRecord {
  readonly id: string;
  readonly start: number;
  end: number;
}

export type WorkerMessage =
  | { readonly type: 'ready' }
  | { readonly type: 'holding' }
  | { readonly type: 'queued' }
  | { readonly type: 'done'; readonly records: TaskRecord[]; readonly metrics: MetricsSnapshot };

export class Worker {
  readonly ready: Promise<void>;
  readonly holding: Promise<void>;
  readonly done: Promise<{ records: TaskRecord[]; metrics: MetricsSnapshot }>;
  /** The exit code, once the process has exited by itself (a killed one: its signal). */
  readonly exited: Promise<number | string>;
  private readonly _child: ChildProcess;

  constructor(config: WorkerConfig) {
    this._child = fork(FIXTURE, [JSON.stringify(config)], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    this.exited = new Promise((resolve) => this._child.once('exit', (code, signal) => resolve(code ?? signal!)));
    const exited = new Promise<never>((_, reject) =>
      this._child.once('exit', (code, signal) => reject(new Error(`worker ${config.name} exited (${code ?? signal})`))),
    );
    exited.catch(() => {});
    const when = <T>(type: WorkerMessage['type']) =>
      Promise.race([
        new Promise<T>((resolve) => {
          const listener = (message: WorkerMessage) => {
            if (message.type !== type) return;
            this._child.off('message', listener);
            resolve(message as T);
          };
          this._child.on('message', listener);
        }),
        exited,
      ]);
    this.ready = when<void>('ready').then(() => {});
    this.holding = when<void>('holding').then(() => {});
    this.done = when<{ records: TaskRecord[]; metrics: MetricsSnapshot }>('done');
    for (const promise of [this.ready, this.holding, this.done]) promise.catch(() => {});
  }

  go(): void {
    this._child.send('go');
  }

  /** ('queue' mode) Spawns a task named `name`; resolves once its ticket is in Redis. */
  spawn(name: string): Promise<void> {
    return new Promise((resolve) => {
      const listener = (message: WorkerMessage) => {
        if (message.type !== 'queued') return;
        this._child.off('message', listener);
        resolve();
      };
      this._child.on('message', listener);
      this._child.send({ spawn: name });
    });
  }

  /** ('queue' mode) Lets the process finish its tasks, close and exit. */
  finish(): void {
    this._child.send('finish');
  }

  /** SIGKILL; resolves once the process is gone. */
  kill(): Promise<void> {
    if (this._child.exitCode !== null || this._child.signalCode !== null) return Promise.resolve();
    return new Promise((resolve) => {
      this._child.once('exit', () => resolve());
      this._child.kill('SIGKILL');
    });
  }
}

/** Forks one worker per config, waits until all are connected, then lets them go at once. */
export async function runWorkers(configs: readonly WorkerConfig[]): Promise<Worker[]> {
  const workers = configs.map((config) => new Worker(config));
  try {
    await Promise.all(workers.map((worker) => worker.ready));
  } catch (error) {
    await Promise.all(workers.map((worker) => worker.kill()));
    throw error;
  }
  for (const worker of workers) worker.go();
  return workers;
}

/** The largest number of tasks running at one moment (an end at the same moment as a start comes first). */
export function maxOverlap(records: readonly TaskRecord[]): number {
  const events = records.flatMap((r) => [
    [r.start, 1],
    [r.end, -1],
  ]);
  events.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let running = 0;
  let max = 0;
  for (const [, delta] of events) max = Math.max(max, (running += delta));
  return max;
}

/**
 * The overlap run, on a Redis server (`port`) or a Cluster (`cluster`): 4 processes
 * of 200 tasks (up to 3 ms each) on a semaphore of 5 permits under `key`. Checks
 * that each process ran its 200 tasks once and exited by itself after close();
 * returns the most tasks that ran at one moment across the processes.
 */
export async function overlapOf4Processes(target: Pick<WorkerConfig, 'port' | 'cluster' | 'key'>): Promise<number> {
  const configs: WorkerConfig[] = [0, 1, 2, 3].map((i) => ({
    ...target,
    name: `w${i}`,
    mode: 'run',
    permits: 5,
    tasks: 200,
    maxTaskMs: 3,
    leaseMs: 2000,
  }));
  const workers = await runWorkers(configs);
  const results = await Promise.all(workers.map((w) => w.done));
  // Each exits by itself once its scheduler is closed: nothing outlived close().
  expect(await Promise.all(workers.map((w) => w.exited))).toEqual([0, 0, 0, 0]);
  const records = results.flatMap((r) => r.records);
  expect(records.length).toBe(800);
  expect(new Set(records.map((r) => r.id)).size).toBe(800);
  expect(records.every((r) => r.end >= r.start)).toBeTrue();
  expect(results.map((r) => [r.metrics.success, r.metrics.failed, r.metrics.cancelled])).toEqual(configs.map(() => [200, 0, 0]));
  return maxOverlap(records);
}
