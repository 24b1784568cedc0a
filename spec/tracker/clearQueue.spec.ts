import { marbles } from 'rxjs-marbles/jasmine';
import { RetryPolicy, SemaphoreScheduler, TaskCancelledError, TaskTracker } from '../../lib/index.js';
import { outcome, quietPolicy } from '../helpers/trackers.js';

describe('tracker.clearQueue(reason)', () => {
  it("cancels the subtree's queued tasks, leaves running ones and the tracker open, and says how many", marbles((m) => {
    const root = new TaskTracker({ concurrency: 2, errorPolicy: quietPolicy() });
    const child = root.childTracker();
    const running1 = m.cold('----a|');
    const running2 = m.cold('----b|');
    const queued1 = m.cold('-c|');
    const queued2 = m.cold('-d|');
    root.spawn(running1);
    child.spawn(running2);
    const h1 = root.spawn(queued1);
    const h2 = child.spawn(queued2);
    m.scheduler.schedule(() => expect(root.clearQueue('new query')).toBe(2), 2);
    const later = m.cold('-e|');
    m.scheduler.schedule(() => root.spawn(later), 3);
    m.expect(running1).toHaveSubscriptions('^----!');
    m.expect(running2).toHaveSubscriptions('^----!');
    m.expect(queued1).toHaveSubscriptions([]);
    m.expect(queued2).toHaveSubscriptions([]);
    m.expect(later).toHaveSubscriptions('-----^-!');
    m.flush();
    expect(root.isClosed()).toBeFalse();
    expect(root.metrics().snapshot()).toEqual(jasmine.objectContaining({ cancelled: 2, success: 3, queued: 0, pending: 0 }));
    return Promise.all([outcome(h1), outcome(h2)]).then(([o1, o2]) => {
      expect(o1.error).toBeInstanceOf(TaskCancelledError);
      expect((o2.error as TaskCancelledError).reason).toBe('new query');
    });
  }));

  it('clears a task waiting for its retry delay too, and only the subtree', marbles((m) => {
    const scheduler = SemaphoreScheduler.withPermits(1);
    const root = new TaskTracker({ scheduler, errorPolicy: new RetryPolicy({ retries: 2, initialDelay: 10, jitter: 'none', inner: quietPolicy() }) });
    const other = new TaskTracker({ scheduler, errorPolicy: quietPolicy() });
    const failing = m.cold('-#');
    root.spawn(failing);
    const elsewhere = m.cold('---x|');
    other.spawn(elsewhere);
    m.scheduler.schedule(() => {
      expect(root.metrics().queued()).toBe(1);
      expect(root.clearQueue()).toBe(1);
    }, 5);
    m.expect(failing).toHaveSubscriptions('^!');
    m.expect(elsewhere).toHaveSubscriptions('-^---!');
    m.flush();
    expect(root.metrics().cancelled()).toBe(1);
    expect(other.metrics().success()).toBe(1);
  }));

  it('clears nothing on an idle or cancelled tracker', () => {
    const tracker = new TaskTracker();
    expect(tracker.clearQueue()).toBe(0);
    tracker.cancel();
    expect(tracker.clearQueue()).toBe(0);
  });
});
