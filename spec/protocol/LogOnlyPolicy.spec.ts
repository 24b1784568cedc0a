import { of } from 'rxjs';
import { composePolicies, LogOnlyPolicy, TaskFailedError, TaskTracker, UnlimitedScheduler } from '../../lib/index.js';
import { HOSTILE_VALUES } from '../helpers/hostileValues.js';
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

  it('logs, as text, a failure the console cannot print (as Node’s cannot an Error whose message getter throws)', async () => {
    // Node's console reads an Error's message to print it, and throws what the getter throws.
    const logged = spyOn(console, 'error').and.callFake((_message: unknown, error: unknown) => void (error as Error)?.message);
    const policyErrors: unknown[] = [];
    const tracker = new TaskTracker(new UnlimitedScheduler(), new LogOnlyPolicy(), { onPolicyError: (error) => policyErrors.push(error) });
    const value = HOSTILE_VALUES.find((h) => h.name === 'an Error whose message getter throws')!.make();
    const failing = tracker.spawn(() => Promise.reject(value));
    const { error } = await outcome(failing);
    expect((error as TaskFailedError).cause).toBe(value);
    const message = `Task ${failing.id} failed - logging only`;
    // (Not toEqual: Jasmine would read the value's message to print it.)
    expect(logged.calls.count()).toBe(2);
    expect(logged.calls.argsFor(0)[0]).toBe(message);
    expect(Object.is(logged.calls.argsFor(0)[1], value)).toBeTrue();
    expect(logged.calls.argsFor(1)).toEqual([message, '[unprintable object]']);
    expect(policyErrors).toEqual([]);
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
