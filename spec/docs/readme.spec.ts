import { marbles } from 'rxjs-marbles/jasmine';
import { LogOnlyPolicy, SemaphoreScheduler, TaskTracker } from '../../lib/index.js';

// The marble example of README.md, "Testing code that uses a tracker", as written there.
describe('README marble example', () => {
  it('runs two at a time and tears everything down on cancel', marbles((m) => {
    const tracker = new TaskTracker(SemaphoreScheduler.withPermits(2), new LogOnlyPolicy());
    const a = m.cold('--a|');
    const b = m.cold('------b|');
    const c = m.cold('---c|');
    tracker.spawn(a);
    tracker.spawn(b);
    tracker.spawn(c);
    m.cold('-----x').subscribe(() => tracker.cancel());
    m.expect(a).toHaveSubscriptions('^--!');
    m.expect(b).toHaveSubscriptions('^----!');
    m.expect(c).toHaveSubscriptions('---^-!');
  }));
});
