import { RateLimitScheduler, SemaphoreScheduler, TaskTracker } from '../lib/index.js';
import { SteppedClock } from './helpers/steppedClock.js';
describe('probe', () => {
  for (const kind of ['rate', 'rate-no-clock', 'semaphore']) it(kind, async () => {
    const clock = new SteppedClock();
    const scheduler = kind === 'semaphore' ? SemaphoreScheduler.withPermits(5) : RateLimitScheduler.perInterval(1, 500, kind === 'rate' ? { scheduler: clock } : {});
    const t = new TaskTracker({ scheduler, clock });
    t.pause();
    const log: string[] = [];
    t.spawn(() => log.push(`1 at ${clock.now()}`));
    t.resume();
    log.push(`after resume: active ${t.metrics().active()} queued ${t.metrics().queued()} paused ${t.isPaused()}`);
    await clock.run(100);
    log.push(`at 100: queued ${t.metrics().queued()}`);
    await clock.run();
    await new Promise((r) => setTimeout(r, 20));
    log.push(`end: queued ${t.metrics().queued()} success ${t.metrics().success()}`);
    console.log(kind, log);
  });
});
