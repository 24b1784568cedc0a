import { VirtualAction, VirtualTimeScheduler } from 'rxjs';
import { Heartbeat } from '../../../lib/redis/internal/Heartbeat.js';

describe('Heartbeat (the renewal timer of RedisSemaphoreScheduler)', () => {
  /** A heartbeat whose beats answer at once with `hints` in turn, wanted for `beats` beats (3). */
  function beating(periodMs: number, options: { hints?: number[]; waiting?: boolean; beats?: number }) {
    const clock = new VirtualTimeScheduler(VirtualAction, Infinity);
    const at: number[] = [];
    const hints = [...(options.hints ?? [])];
    const heartbeat = new Heartbeat(clock, periodMs, {
      wanted: () => at.length < (options.beats ?? 3),
      waiting: () => options.waiting ?? false,
      beat: () => {
        at.push(clock.now());
        return Promise.resolve(hints.shift() ?? -1);
      },
    });
    return { clock, at, heartbeat };
  }

  /** Runs the virtual clock and the beats' promise callbacks until nothing is left. */
  async function run(clock: VirtualTimeScheduler): Promise<void> {
    for (let i = 0; i < 10; i++) {
      clock.flush();
      await Promise.resolve();
      await Promise.resolve();
    }
  }

  it('beats every period while wanted, a period of 2,333,333,333 ms (leaseMs 7e9) chained past a timer’s limit', async () => {
    const { clock, at, heartbeat } = beating(2_333_333_333, {});
    heartbeat.schedule();
    await run(clock);
    expect(at).toEqual([2_333_333_333, 4_666_666_666, 6_999_999_999]);
  });

  it('beats sooner when a lease is due while tickets wait, and only then', async () => {
    const waiting = beating(1000, { hints: [200, 200], waiting: true });
    waiting.heartbeat.schedule();
    await run(waiting.clock);
    expect(waiting.at).toEqual([1000, 1201, 1402]);
    const holding = beating(1000, { hints: [200, 200] });
    holding.heartbeat.schedule();
    await run(holding.clock);
    expect(holding.at).toEqual([1000, 2000, 3000]);
  });

  it('beats at once on now(), and never after stop()', async () => {
    const { clock, at, heartbeat } = beating(1000, {});
    heartbeat.schedule();
    heartbeat.now();
    await run(clock);
    expect(at).toEqual([0, 1000, 2000]);
    const stopped = beating(1000, {});
    stopped.heartbeat.schedule();
    stopped.heartbeat.stop();
    await run(stopped.clock);
    expect(stopped.at).toEqual([]);
  });
});
