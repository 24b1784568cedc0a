import { firstValueFrom, type Observable } from 'rxjs';
import type { Contender, Pool, PromiseTask } from './Contender.js';

/**
 * The hand-rolled floor: the least a pool returning one promise per task can do.
 * A queued task is three slots of a ring buffer (task, resolve, reject); nothing
 * else is allocated per task but its promise and its two resolvers.
 */
class FloorPool implements Pool {
  readonly hasHandles = true;
  private _active = 0;
  private _ring: unknown[] = new Array(48);
  private _head = 0;
  private _length = 0;
  private readonly _next = (): void => {
    this._active--;
    if (this._length > 0) this._runNext();
  };

  constructor(private readonly _concurrency: number) {}

  submit(task: PromiseTask): Promise<unknown> {
    return new Promise((resolve, reject) => {
      if (this._active < this._concurrency && this._length === 0) this._run(task, resolve, reject);
      else this._push(task, resolve, reject);
    });
  }

  submitObservable(task: Observable<unknown>): Promise<unknown> {
    return this.submit(() => firstValueFrom(task));
  }

  drain(): Promise<void> {
    return Promise.resolve();
  }

  private _run(task: PromiseTask, resolve: (value: unknown) => void, reject: (error: unknown) => void): void {
    this._active++;
    let result: PromiseLike<unknown>;
    try {
      result = task();
    } catch (error) {
      result = Promise.reject(error);
    }
    Promise.resolve(result).then(resolve, reject).then(this._next);
  }

  private _push(task: PromiseTask, resolve: (value: unknown) => void, reject: (error: unknown) => void): void {
    if (this._length * 3 === this._ring.length) this._grow();
    const ring = this._ring;
    let at = this._head + this._length * 3;
    if (at >= ring.length) at -= ring.length;
    ring[at] = task;
    ring[at + 1] = resolve;
    ring[at + 2] = reject;
    this._length++;
  }

  private _runNext(): void {
    const ring = this._ring;
    const at = this._head;
    const task = ring[at] as PromiseTask;
    const resolve = ring[at + 1] as (value: unknown) => void;
    const reject = ring[at + 2] as (error: unknown) => void;
    ring[at] = ring[at + 1] = ring[at + 2] = undefined;
    this._head = at + 3 === ring.length ? 0 : at + 3;
    this._length--;
    this._run(task, resolve, reject);
  }

  private _grow(): void {
    const old = this._ring;
    const ring: unknown[] = new Array(old.length * 2);
    for (let i = 0, at = this._head; i < this._length * 3; i++, at = at + 1 === old.length ? 0 : at + 1) ring[i] = old[at];
    this._ring = ring;
    this._head = 0;
  }
}

/** The floor every contender is measured against (its ratio is 1 by definition). */
export const floor: Contender = {
  id: 'floor',
  label: 'hand-rolled floor',
  create: (concurrency) => new FloorPool(concurrency),
};
