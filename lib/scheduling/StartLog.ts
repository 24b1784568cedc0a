/**
 * @internal The times of the most recent starts, oldest first, on a growable
 * ring buffer: a sliding-window log. It keeps at most `limit` entries (older
 * ones cannot matter) and drops those that left the window as it is read, so
 * its size is bounded by the number of starts in one window.
 */
export class StartLog {
  private _times: number[] = new Array(16);
  private _head = 0;
  private _length = 0;
  /** The last start, for `minTime`. */
  last = -Infinity;

  constructor(
    private readonly _limit: number,
    private readonly _interval: number,
  ) {}

  /** How long (ms) to wait from `now` until one more start fits the window; 0 if it fits now. */
  waitFrom(now: number): number {
    const times = this._times;
    const mask = times.length - 1;
    // Entries at or before now - interval have left the window (a window is half-open).
    while (this._length > 0 && times[this._head] <= now - this._interval) {
      this._head = (this._head + 1) & mask;
      this._length--;
    }
    return this._length < this._limit ? 0 : times[this._head] + this._interval - now;
  }

  /** Records a start at `now`. */
  add(now: number): void {
    this.last = now;
    if (this._length === this._limit) {
      this._head = (this._head + 1) & (this._times.length - 1);
      this._length--;
    }
    if (this._length === this._times.length) this._grow();
    this._times[(this._head + this._length) & (this._times.length - 1)] = now;
    this._length++;
  }

  private _grow(): void {
    const old = this._times;
    const times = new Array(old.length * 2);
    for (let i = 0; i < this._length; i++) times[i] = old[(this._head + i) & (old.length - 1)];
    this._times = times;
    this._head = 0;
  }
}
