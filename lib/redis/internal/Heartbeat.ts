import type { SchedulerLike, Subscription } from 'rxjs';
import { scheduleAfter } from '../../time/scheduleAfter.js';

/** @internal What a {@link Heartbeat} asks of its scheduler. */
export interface HeartbeatOwner {
  /** Whether a beat is wanted: the scheduler is open and connected, and holds, waits for or owes Redis something. */
  wanted(): boolean;
  /** Whether tickets of the scheduler wait in Redis. */
  waiting(): boolean;
  /** One beat (a renewal); resolves, never rejects, with the ms until the first lease expires while tickets wait (-1: none). */
  beat(): Promise<number>;
}

/**
 * @internal The renewal timer of a RedisSemaphoreScheduler: one beat at a time,
 * every `periodMs` while wanted, sooner when a lease is due to expire while tickets
 * wait (its holder may have died). A period of any length: past 2³¹ ms the wait is
 * chained, so a long lease never renews every millisecond.
 */
export class Heartbeat {
  private _timer: Subscription | undefined;
  private _beating = false;

  constructor(
    private readonly _clock: SchedulerLike,
    private readonly _periodMs: number,
    private readonly _owner: HeartbeatOwner,
  ) {}

  /** Arms the timer, unless it is armed, a beat is under way or none is wanted. */
  schedule(hint = -1): void {
    if (this._timer !== undefined || this._beating || !this._owner.wanted()) return;
    let delay = this._periodMs;
    if (hint >= 0 && this._owner.waiting()) delay = Math.min(delay, hint + 1);
    this._timer = scheduleAfter(this._clock, delay, () => {
      this._timer = undefined;
      this._beat();
    });
  }

  /** Beats at once, unless a beat is under way. */
  now(): void {
    if (this._beating) return;
    this.stop();
    this._beat();
  }

  stop(): void {
    this._timer?.unsubscribe();
    this._timer = undefined;
  }

  private _beat(): void {
    this._beating = true;
    const next = (hint: number) => {
      this._beating = false;
      this.schedule(hint);
    };
    // A beat that broke its promise and rejected must not stop the heartbeat.
    this._owner.beat().then(next, () => next(-1));
  }
}
