import { NEVER } from 'rxjs';
import { marbles } from 'rxjs-marbles/jasmine';
import { PriorityScheduler, RateLimitScheduler, SemaphoreScheduler, TaskTracker, UnlimitedScheduler } from '../../lib/index.js';
import { quietPolicy } from '../helpers/trackers.js';

interface Pausable {
  pause(): void;
  resume(): void;
  isPaused(): boolean;
}

const SCHEDULERS: [string, () => Pausable & ConstructorParameters<typeof TaskTracker>[0]][] = [
  ['UnlimitedScheduler', () => new UnlimitedScheduler()],
  ['SemaphoreScheduler', () => SemaphoreScheduler.withPermits(4)],
  ['PriorityScheduler', () => PriorityScheduler.withPermits(4)],
  ['RateLimitScheduler', () => RateLimitScheduler.perInterval(100, 10)],
];

describe('pause() and resume()', () => {
  for (const [name, make] of SCHEDULERS) {
    describe(`on a ${name}`, () => {
      it('start nothing new while paused, let running tasks go on, queue spawns; resume starts them in order', marbles((m) => {
        const scheduler = make();
        const tracker = new TaskTracker(scheduler, quietPolicy());
        const a = m.cold('---a|');
        const b = m.cold('--b|');
        const c = m.cold('--c|');
        tracker.spawn(a);
        expect(scheduler.isPaused()).toBeFalse();
        scheduler.pause();
        scheduler.pause(); // twice is once
        expect(scheduler.isPaused()).toBeTrue();
        tracker.spawn(b);
        tracker.spawn(c);
        expect(tracker.metrics().snapshot()).toEqual(jasmine.objectContaining({ active: 1, queued: 2 }));
        m.cold('------x').subscribe(() => scheduler.resume());
        m.expect(a).toHaveSubscriptions('^---!');
        m.expect(b).toHaveSubscriptions('------^--!');
        m.expect(c).toHaveSubscriptions('------^--!');
        m.flush();
        expect(scheduler.isPaused()).toBeFalse();
        expect(tracker.metrics().success()).toBe(3);
      }));

      it('cancel tasks queued while paused at once, and never start them', () => {
        const scheduler = make();
        const tracker = new TaskTracker(scheduler, quietPolicy());
        scheduler.pause();
        const started: number[] = [];
        const handles = Array.from({ length: 200 }, (_, i) => tracker.spawn(() => (started.push(i), NEVER)));
        for (const handle of handles.slice(0, 150)) handle.cancel();
        expect(tracker.metrics().snapshot()).toEqual(jasmine.objectContaining({ cancelled: 150, queued: 50 }));
        scheduler.resume();
        // As many as have a slot (all 50, or 4), the first of the survivors first.
        expect(started.length).toBeGreaterThanOrEqual(4);
        expect(started).toEqual(Array.from({ length: started.length }, (_, i) => 150 + i));
        tracker.cancel();
        expect(tracker.metrics().pending()).toBe(0);
      });

      it('resume() without pause() changes nothing', () => {
        const scheduler = make();
        const tracker = new TaskTracker(scheduler, quietPolicy());
        scheduler.resume();
        tracker.spawn(NEVER);
        expect(tracker.metrics().active()).toBe(1);
        tracker.cancel();
      });
    });
  }
});
