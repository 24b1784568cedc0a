import { marbles } from 'rxjs-marbles/jasmine';
import { LogOnlyPolicy, SemaphoreScheduler, TaskTracker } from '../../lib/index.js';

describe('SemaphoreScheduler', () => {
  it('runs at most n tasks at once, first come first served', marbles((m) => {
    const tracker = new TaskTracker(SemaphoreScheduler.withPermits(2), new LogOnlyPolicy());
    const a = m.cold('---a|');
    const b = m.cold('-----b|');
    const c = m.cold('--c|');
    tracker.spawn(a);
    tracker.spawn(b);
    tracker.spawn(c);
    m.expect(a).toHaveSubscriptions('^---!');
    m.expect(b).toHaveSubscriptions('^-----!');
    m.expect(c).toHaveSubscriptions('----^--!');
  }));
});
