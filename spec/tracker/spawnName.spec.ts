import { of } from 'rxjs';
import { marbles } from 'rxjs-marbles/jasmine';
import { LogOnlyPolicy, TaskRejectedError, TaskTracker, UnlimitedScheduler, type TrackerEvent } from '../../lib/index.js';
import { quietPolicy } from '../helpers/trackers.js';

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
    expect(plain._extras).toBeUndefined();
    expect(tracker.spawn(of(1), {})._extras).toBeUndefined();
  });

  it('is in the messages of the errors its handle rejects with', marbles((m) => {
    const failed = tracker.spawn(m.cold('-#', undefined, new Error('HTTP 500')), { name: 'load' });
    const cancelled = tracker.spawn(m.cold('----a|'), { name: 'save' });
    const timedOut = tracker.spawn(m.cold('----a|'), { name: 'slow', timeout: 2 });
    const plain = tracker.spawn(m.cold('-#', undefined, new Error('HTTP 500')));
    m.cold('-x').subscribe(() => cancelled.cancel('user left'));
    m.flush();
    return Promise.all([failed, cancelled, timedOut, plain].map((handle) => handle.then(undefined, (error: Error) => error.message))).then((messages) => {
      expect(messages).toEqual([
        `Task ${failed.id} "load" failed: HTTP 500`,
        `Task ${cancelled.id} "save" was cancelled: user left`,
        `Task ${timedOut.id} "slow" timed out after 2 ms`,
        `Task ${plain.id} failed: HTTP 500`,
      ]);
    });
  }));

  it('is in the message of a rejection', async () => {
    class Refusing extends LogOnlyPolicy {
      admit(): string {
        return 'circuit open';
      }
    }
    const refusing = new TaskTracker(new UnlimitedScheduler(), new Refusing({ logger: () => {} }));
    const handle = refusing.spawn(of(1), { name: 'load' });
    await expectAsync(handle).toBeRejectedWithError(TaskRejectedError, `Task ${handle.id} "load" rejected: circuit open`);
  });

  it('names the task in the default log lines of a throwing policy', async () => {
    const spy = spyOn(console, 'error');
    const throwing = new TaskTracker(new UnlimitedScheduler(), { onError: () => { throw new Error('policy bug'); }, createChild: () => quietPolicy() });
    const handle = throwing.spawn(() => Promise.reject(new Error('HTTP 500')), { name: 'load' });
    await handle.then(undefined, () => undefined);
    expect(spy).toHaveBeenCalledWith(jasmine.stringContaining(`threw while handling ${handle.id} "load";`), jasmine.any(Error));
  });

  it('refuses a name that is not a non-empty string, changing nothing', () => {
    for (const bad of ['', 42, null, {}]) {
      expect(() => tracker.spawn(of(1), { name: bad as string })).toThrowError(TypeError, /^spawn\(task, options\): name must be a non-empty string, got /);
      expect(() => tracker.spawn$(of(1), { name: bad as string })).toThrowError(TypeError, /^spawn\$\(task, options\): name must be a non-empty string/);
    }
    expect(tracker.metrics().issued()).toBe(0);
  });
});
