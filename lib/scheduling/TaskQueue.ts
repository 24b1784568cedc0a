/**
 * A first-in first-out queue on a growable ring buffer: O(1) `push` and `shift`
 * (RxJS `mergeMap` buffers with `Array#shift`, which is O(n) and made a 100,000
 * task backlog 3× slower per task than a 10,000 one).
 * @internal
 */
export class TaskQueue<T> {
  private _items: (T | undefined)[];
  private _head = 0;
  /**
   * How many items it holds. A field, not a getter: the schedulers read it for
   * every task, and before V8 optimizes them (a page's first thousand tasks) a
   * getter is a call where a field is a load. Only the queue writes it.
   */
  length = 0;

  /** @param capacity Initial slots, a power of two (small for the many queues of PriorityScheduler). */
  constructor(capacity = 16) {
    this._items = new Array(capacity);
  }

  push(item: T): void {
    if (this.length === this._items.length) this._reset(this.length * 2);
    this._items[(this._head + this.length) & (this._items.length - 1)] = item;
    this.length++;
  }

  /** The first item, left in place. */
  peek(): T | undefined {
    return this.length === 0 ? undefined : this._items[this._head];
  }

  shift(): T | undefined {
    if (this.length === 0) return undefined;
    const items = this._items;
    const head = this._head;
    const item = items[head];
    items[head] = undefined;
    this._head = (head + 1) & (items.length - 1);
    if (--this.length === 0 && items.length > 1024) this._reset(0);
    return item;
  }

  /** Keeps only the items `keep` accepts, in order. O(n). */
  retain(keep: (item: T) => boolean): void {
    const items = this._items;
    const mask = items.length - 1;
    let kept = 0;
    for (let i = 0; i < this.length; i++) {
      const item = items[(this._head + i) & mask] as T;
      items[(this._head + i) & mask] = undefined;
      if (keep(item)) items[(this._head + kept++) & mask] = item;
    }
    this.length = kept;
    // Give back the memory of a backlog that was mostly cancelled.
    if (kept * 4 < items.length && items.length > 1024) this._reset(kept);
  }

  /** Copies the items into a new buffer of at least `capacity` slots. */
  private _reset(capacity: number): void {
    const old = this._items;
    let size = 16;
    while (size < capacity) size *= 2;
    const items: (T | undefined)[] = new Array(size);
    for (let i = 0; i < this.length; i++) items[i] = old[(this._head + i) & (old.length - 1)];
    this._items = items;
    this._head = 0;
  }
}
