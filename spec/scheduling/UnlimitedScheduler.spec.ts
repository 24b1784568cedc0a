import { marbles } from 'rxjs-marbles/jasmine';
import { TaskTracker, UnlimitedScheduler } from '../../lib/index.js';
import { quietPolicy } from '../helpers/trackers.js';

describe('UnlimitedScheduler', () => {
  it('starts every task at once', marbles((m) => {
    const tracker = new TaskTracker(new UnlimitedScheduler(), quietPolicy());
    const tasks = [m.cold('---a|'), m.cold('-b|'), m.cold('-----c|')];
    for (const task of tasks) tracker.spawn(task);
    m.expect(tasks[0]).toHaveSubscriptions('^---!');
    m.expect(tasks[1]).toHaveSubscriptions('^-!');
    m.expect(tasks[2]).toHaveSubscriptions('^-----!');
  }));

  it('starts a task synchronously inside spawn', () => {
    const tracker = new TaskTracker(new UnlimitedScheduler(), quietPolicy());
    let started = false;
    tracker.spawn(() => {
      started = true;
      return 1;
    });
    expect(started).toBeTrue();
  });
});
