import { of } from 'rxjs';
import { composePolicies, LogOnlyPolicy, TaskFailedError, TaskTracker, UnlimitedScheduler } from '../../lib/index.js';
import { outcome } from '../helpers/trackers.js';

describe('LogOnlyPolicy', () => {
  it('logs each failure with the task id and fails the task, cancelling nothing', async () => {
    const logged: [string, unknown][] = [];
    const tracker = new TaskTracker(new UnlimitedScheduler(), new LogOnlyPolicy({ logger: (message, error) => logged.push([message, error]) }));
    const error = new Error('HTTP 503');
    const failing = tracker.spawn(() => Promise.reject(error));
    const { error: thrown } = await outcome(failing);
    expect(thrown).toBeInstanceOf(TaskFailedError);
    expect(logged).toEqual([[`Task ${failing.id} failed - logging only`, error]]);
    expect(tracker.isClosed()).toBeFalse();
    expect(await tracker.spawn(of('still running'))).toBe('still running');
  });

  it('names a named task in the line, after its id, also inside composePolicies', async () => {
    const logged: string[] = [];
    const logger = (message: string) => logged.push(message);
    const tracker = new TaskTracker(new UnlimitedScheduler(), composePolicies(new LogOnlyPolicy({ logger })));
    const failing = tracker.spawn(() => Promise.reject(new Error('HTTP 503')), { name: 'load "user"' });
    await outcome(failing);
    expect(logged).toEqual([`Task ${failing.id} "load \\"user\\"" failed - logging only`]);
  });

  it('logs to console.error by default', async () => {
    const spy = spyOn(console, 'error');
    const tracker = new TaskTracker(new UnlimitedScheduler(), new LogOnlyPolicy());
    await outcome(tracker.spawn(() => Promise.reject(new Error('to the console'))));
    expect(spy).toHaveBeenCalledTimes(1);
  });

  it('gives children a policy logging to the same logger', async () => {
    const logged: unknown[] = [];
    const tracker = new TaskTracker(new UnlimitedScheduler(), new LogOnlyPolicy({ logger: (_, error) => logged.push(error) }));
    await outcome(tracker.childTracker().spawn(() => Promise.reject('child failure')));
    expect(logged).toEqual(['child failure']);
  });

  it('refuses a logger that is not a function', () => {
    expect(() => new LogOnlyPolicy({ logger: 'console' as never })).toThrowError(TypeError, /logger must be a function/);
  });
});
