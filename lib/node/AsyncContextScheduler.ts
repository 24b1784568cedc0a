/// <reference types="node" />
import { AsyncLocalStorage, AsyncResource } from 'node:async_hooks';
import { Observable, type Subscription } from 'rxjs';
import { got } from '../errors/describeValue.js';
import { readOptions } from '../errors/checks.js';
import { ChildCapScheduler } from '../scheduling/ChildCapScheduler.js';
import type { ScheduledTask, TaskScheduler, TaskSlot } from '../scheduling/TaskScheduler.js';

/**
 * Options of {@link AsyncContextScheduler.wrap}. @category Scheduling
 * @since 0.2.0
 */
export interface AsyncContextOptions {
  /**
   * Carry only these stores' values (read with `getStore()` at `spawn`, set with
   * `run()` at start): cheaper than the whole context, enough when you know
   * which stores matter (your logger's, your tracer's).
   * @defaultValue the whole async context (an `AsyncResource` per task)
   */
  readonly stores?: readonly AsyncLocalStorage<unknown>[];
}

/** How chosen stores' values are taken at `spawn` and entered at start. */
interface Carrier {
  capture(): unknown;
  enter(captured: unknown, task: ScheduledTask, slot: TaskSlot): void;
}

/**
 * Node only (`rx-task-tracker/node`): a task runs in the `AsyncLocalStorage`
 * context of the `spawn` call that created it, even when it waited in a queue
 * and was started by the end of some other request's task (p-limit does this).
 * Request-scoped logging and tracing then follow queued work.
 *
 * It wraps any scheduler and adds nothing else: the context is taken when the
 * task reaches the scheduler (inside `spawn`; a retry takes it again when it
 * queues again) and entered when the inner scheduler starts it, so the task's
 * function, its promise callbacks and its Observable's subscription all see it.
 * Children inherit the wrapper like any scheduler (and a child's
 * `.concurrency(n)` cap goes inside it, so capped tasks keep their context too).
 *
 * Why a wrapper and not a builder option: the core stays free of Node built-ins
 * and pays nothing (not even a check) when it is off, it composes with every
 * scheduler, custom ones included, and it is one object to share across a tree.
 *
 * @example
 * ```ts
 * import { AsyncLocalStorage, AsyncResource } from 'node:async_hooks';
 * import { AsyncContextScheduler } from 'rx-task-tracker/node';
 *
 * const requestId = new AsyncLocalStorage<string>();
 * const db = new TaskTracker({ scheduler: AsyncContextScheduler.wrap(SemaphoreScheduler.withPermits(10)) });
 * server.on('request', (req, res) =>
 *   requestId.run(req.headers['x-request-id'] as string, () => db.spawn(() => query(req))), // query logs its request id
 * );
 * ```
 * @since 0.2.0
 * @category Scheduling
 */
export class AsyncContextScheduler implements TaskScheduler {
  /** The scheduler that decides when tasks start. */
  readonly inner: TaskScheduler;
  /** Wraps a task with its spawner's context. */
  private readonly _wrap: (task: ScheduledTask) => ScheduledTask;
  private readonly _options: AsyncContextOptions | undefined;

  /**
   * Prefer {@link AsyncContextScheduler.wrap}.
   * @throws TypeError if `inner` is not a scheduler, an option is unknown or `options.stores` holds something else than AsyncLocalStorages.
   */
  constructor(inner: TaskScheduler, options?: AsyncContextOptions) {
    if (typeof inner?.connect !== 'function') {
      throw new TypeError(`AsyncContextScheduler.wrap(inner): inner must be a scheduler (with connect(tasks)), got ${got(inner)}`);
    }
    const { stores } = readOptions(options, 'AsyncContextScheduler.wrap(inner, options)', ['stores']);
    if (stores !== undefined && (!Array.isArray(stores) || !stores.every((store) => store instanceof AsyncLocalStorage))) {
      throw new TypeError(`AsyncContextScheduler.wrap(inner, options): stores must be an array of AsyncLocalStorage, got ${got(stores)}`);
    }
    this.inner = inner;
    this._options = options;
    if (stores === undefined) {
      this._wrap = (task) => new InResource(task);
    } else {
      const carrier = stores.length === 1 ? oneStore(stores[0]) : someStores(stores);
      this._wrap = (task) => new InContext(task, carrier, carrier.capture());
    }
  }

  /**
   * Wraps `inner` so that each task runs in its spawner's async context.
   * @throws TypeError if `inner` is not a scheduler.
   *
   * @example
   * ```ts
   * const scheduler = AsyncContextScheduler.wrap(SemaphoreScheduler.withPermits(8), { stores: [requestContext] });
   * ```
   */
  static wrap(inner: TaskScheduler, options?: AsyncContextOptions): AsyncContextScheduler {
    return new AsyncContextScheduler(inner, options);
  }

  /** @inheritDoc */
  connect(tasks: Observable<ScheduledTask>): Subscription {
    const wrap = this._wrap;
    return this.inner.connect(new Observable<ScheduledTask>((subscriber) => tasks.subscribe({ next: (task) => subscriber.next(wrap(task)) })));
  }

  /** @inheritDoc */
  forget(task: ScheduledTask): void {
    this.inner.forget?.(task);
  }

  /** @internal A child capped at `n`: the cap goes inside, so its tasks are captured when spawned. */
  _capped(n: number): TaskScheduler {
    return new AsyncContextScheduler(new ChildCapScheduler(this.inner, n), this._options);
  }
}

/**
 * A task as the inner scheduler sees it, carrying the whole async context: it is
 * the AsyncResource itself (one object per task, not two). An AsyncResource, not
 * `AsyncLocalStorage.snapshot()`: on Node 20 that one costs ~30 µs a call (it
 * binds a function), a resource ~0.5 µs and entering it ~0.15 µs.
 */
class InResource extends AsyncResource implements ScheduledTask {
  constructor(private readonly _task: ScheduledTask) {
    super('RxTaskTracker');
  }

  get id(): string {
    return this._task.id;
  }

  get priority(): number | undefined {
    return this._task.priority;
  }

  isCancelled(): boolean {
    return this._task.isCancelled();
  }

  isHeld(): boolean {
    return this._task.isHeld?.() === true;
  }

  start(slot: TaskSlot): void {
    this.runInAsyncScope(startTask, null, this._task, slot);
  }

  reject(reason: string): void {
    this._task.reject(reason);
  }

  cancel(reason: unknown): void {
    this._task.cancel?.(reason);
  }
}

/** A task as the inner scheduler sees it, carrying the values of chosen stores. */
class InContext implements ScheduledTask {
  constructor(
    private readonly _task: ScheduledTask,
    private readonly _carrier: Carrier,
    private readonly _captured: unknown,
  ) {}

  get id(): string {
    return this._task.id;
  }

  get priority(): number | undefined {
    return this._task.priority;
  }

  isCancelled(): boolean {
    return this._task.isCancelled();
  }

  isHeld(): boolean {
    return this._task.isHeld?.() === true;
  }

  start(slot: TaskSlot): void {
    this._carrier.enter(this._captured, this._task, slot);
  }

  reject(reason: string): void {
    this._task.reject(reason);
  }

  cancel(reason: unknown): void {
    this._task.cancel?.(reason);
  }
}

function startTask(task: ScheduledTask, slot: TaskSlot): void {
  task.start(slot);
}

function oneStore(store: AsyncLocalStorage<unknown>): Carrier {
  return {
    capture: () => store.getStore(),
    enter: (value, task, slot) => store.run(value, startTask, task, slot),
  };
}

function someStores(stores: readonly AsyncLocalStorage<unknown>[]): Carrier {
  const enterFrom = (i: number, values: unknown[], task: ScheduledTask, slot: TaskSlot): void => {
    if (i === stores.length) task.start(slot);
    else stores[i].run(values[i], enterFrom, i + 1, values, task, slot);
  };
  return {
    capture: () => stores.map((store) => store.getStore()),
    enter: (values, task, slot) => enterFrom(0, values as unknown[], task, slot),
  };
}
