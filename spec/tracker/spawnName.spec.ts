import { of } from 'rxjs';
import { marbles } from 'rxjs-marbles/jasmine';
import { LogOnlyPolicy, TaskTracker, UnlimitedScheduler, type TrackerEvent } from '../../lib/index.js';

// spawn(task, { name }): a name for tests and logs, on the handle and the issued event; nothing for a task without one.
describe('spawn(task, { name })', () => {
  let tracker: TaskTracker;
  beforeEach(() => {
    tracker = new TaskTracker(new UnlimitedScheduler(), new LogOnlyPolicy({ logger: () => {} }));
  });

  it('is on the handle, for spawn, spawnCancellable and spawn$', async () => {
    expect(tracker.spawn(of(1), { name: 'load' }).name).toBe('load');
    expect(tracker.spawnCancellable(() => 2, { name: 'save', timeout: 10 }).name).toBe('save');
    expect(tracker.spawn(of(3)).name).toBeUndefined();
    const names: (string | undefined)[] = [];
    tracker.events$.subscribe((event) => event.type === 'issued' && names.push(event.name));
    await new Promise<void>((resolve) => tracker.spawn$(of(4), { name: 'stream' }).subscribe({ complete: resolve }));
    expect(names).toEqual(['stream']);
  });

  it('is on the issued event only when given, and only there', marbles((m) => {
    const events: TrackerEvent[] = [];
    tracker.events$.subscribe((event) => events.push(event));
    const named = tracker.spawn(m.cold('-a|'), { name: 'load' });
    const plain = tracker.spawn(m.cold('a|'));
    m.flush();
    const issued = events.filter((event) => event.type === 'issued');
    expect(issued).toEqual([
      { type: 'issued', taskId: named.id, path: 'root', time: 0, name: 'load' },
      { type: 'issued', taskId: plain.id, path: 'root', time: 0 },
    ]);
    expect(events.filter((event) => 'name' in event).length).toBe(1);
  }));

  it('costs a task without a name nothing: no extras object', () => {
    const plain = tracker.spawn(of(1));
    expect(plain._x).toBeUndefined();
    expect(tracker.spawn(of(1), {})._x).toBeUndefined();
  });

  it('refuses a name that is not a non-empty string, changing nothing', () => {
    for (const bad of ['', 42, null, {}]) {
      expect(() => tracker.spawn(of(1), { name: bad as string })).toThrowError(TypeError, /^spawn\(task, options\): name must be a non-empty string, got /);
      expect(() => tracker.spawn$(of(1), { name: bad as string })).toThrowError(TypeError, /^spawn\$\(task, options\): name must be a non-empty string/);
    }
    expect(tracker.metrics().issued()).toBe(0);
  });
});
