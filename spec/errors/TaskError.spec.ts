import {
  isTaskCancelledError,
  isTaskError,
  isTaskFailedError,
  isTaskRejectedError,
  isTaskTimeoutError,
  isTrackerClosedError,
  TaskCancelledError,
  TaskError,
  TaskFailedError,
  TaskRejectedError,
  TaskTimeoutError,
  TrackerClosedError,
} from '../../lib/index.js';
import { describe as describeValue } from '../../lib/errors/describeValue.js';
import { HOSTILE_VALUES } from '../helpers/hostileValues.js';

describe('TaskError', () => {
  const cause = new Error('HTTP 500');
  const cases: [string, TaskError, { cancellation: boolean; failure: boolean; guard: (e: unknown) => boolean }][] = [
    ['TaskCancelledError', new TaskCancelledError('task-1', 'user left'), { cancellation: true, failure: false, guard: isTaskCancelledError }],
    ['TaskFailedError', new TaskFailedError('task-1', cause), { cancellation: false, failure: true, guard: isTaskFailedError }],
    ['TaskRejectedError', new TaskRejectedError('task-1', 'circuit open'), { cancellation: false, failure: true, guard: isTaskRejectedError }],
    ['TaskTimeoutError', new TaskTimeoutError('task-1', 50), { cancellation: false, failure: true, guard: isTaskTimeoutError }],
    ['TrackerClosedError', new TrackerClosedError('root/images', 'spawn a task'), { cancellation: false, failure: false, guard: isTrackerClosedError }],
  ];

  for (const [name, error, expected] of cases) {
    describe(name, () => {
      it('is a TaskError and an Error with a stable name', () => {
        expect(error).toBeInstanceOf(TaskError);
        expect(error).toBeInstanceOf(Error);
        expect(error.name).toBe(name);
        expect(isTaskError(error)).toBeTrue();
      });

      it(`answers isCancellation() ${expected.cancellation} and isFailure() ${expected.failure}`, () => {
        expect(error.isCancellation()).toBe(expected.cancellation);
        expect(error.isFailure()).toBe(expected.failure);
      });

      it('is recognised by its guard, also when made by another copy of the package', () => {
        expect(expected.guard(error)).toBeTrue();
        const foreign = Object.assign(new Error(error.message), { name });
        expect(expected.guard(foreign)).toBeTrue();
        expect(expected.guard(new Error('plain'))).toBeFalse();
      });
    });
  }

  it('TaskCancelledError carries the task id and the reason, and names the reason', () => {
    const error = new TaskCancelledError('task-7', new Error('page closed'));
    expect(error.taskId).toBe('task-7');
    expect((error.reason as Error).message).toBe('page closed');
    expect(error.message).toBe('Task task-7 was cancelled: page closed');
  });

  it("TaskCancelledError for a tracker's cancellation names the tracker instead", () => {
    const error = new TaskCancelledError(undefined, 'shutting down', 'root/images');
    expect(error.taskId).toBeUndefined();
    expect(error.trackerPath).toBe('root/images');
    expect(error.message).toBe('Tracker "root/images" was cancelled: shutting down');
  });

  it("TaskFailedError's cause is the task's own error, even undefined", () => {
    expect(new TaskFailedError('task-2', cause).cause).toBe(cause);
    expect(new TaskFailedError('task-2', cause).message).toBe('Task task-2 failed: HTTP 500');
    const withUndefined = new TaskFailedError('task-3', undefined);
    expect('cause' in withUndefined).toBeTrue();
    expect(withUndefined.cause).toBeUndefined();
  });

  it('TaskRejectedError starts its message with "Task rejected"', () => {
    expect(new TaskRejectedError('task-4', 'circuit open').message).toBe('Task rejected: circuit open');
  });

  it('names a task given as a handle by its id and, when it has one, its name (quoted as JSON)', () => {
    const named = { id: 'task-8', name: 'load user' };
    const unnamed = { id: 'task-9', name: undefined };
    expect(new TaskFailedError(named, cause).message).toBe('Task task-8 "load user" failed: HTTP 500');
    expect(new TaskFailedError(named, cause).taskId).toBe('task-8');
    expect(new TaskFailedError(unnamed, cause).message).toBe('Task task-9 failed: HTTP 500');
    expect(new TaskCancelledError(named, 'user left').message).toBe('Task task-8 "load user" was cancelled: user left');
    expect(new TaskCancelledError(named, 'user left').taskId).toBe('task-8');
    expect(new TaskTimeoutError(named, 250).message).toBe('Task task-8 "load user" timed out after 250 ms');
    expect((new TaskTimeoutError(named, 250).cause as DOMException).message).toBe('Task task-8 "load user" timed out after 250 ms');
    expect(new TaskRejectedError(named, 'circuit open').message).toBe('Task task-8 "load user" rejected: circuit open');
    expect(new TaskRejectedError(unnamed, 'circuit open').message).toBe('Task rejected: circuit open');
    expect(new TaskFailedError({ id: 'task-10', name: 'a\nb "c"' }, cause).message).toBe('Task task-10 "a\\nb \\"c\\"" failed: HTTP 500');
  });

  it('TrackerClosedError says how the tracker came to be closed, when told', () => {
    expect(new TrackerClosedError('root/a', 'spawn a task').message).toBe(
      'Cannot spawn a task on closed tracker "root/a": it was cancelled or joined. Spawn before join(), or create a new tracker.',
    );
    expect(new TrackerClosedError('root/a', 'spawn a task', 'its ancestor "root" was joined').message).toBe(
      'Cannot spawn a task on closed tracker "root/a": its ancestor "root" was joined. Spawn before join(), or create a new tracker.',
    );
  });

  it('TaskTimeoutError is a TaskFailedError whose cause names the timeout', () => {
    const error = new TaskTimeoutError('task-5', 250);
    expect(error).toBeInstanceOf(TaskFailedError);
    expect(error.timeout).toBe(250);
    expect((error.cause as DOMException).name).toBe('TimeoutError');
    expect((error.cause as DOMException).message).toContain('250 ms');
  });

  describe('with values that cannot be printed', () => {
    for (const hostile of HOSTILE_VALUES) {
      it(`never throws for ${hostile.name}, describes it and keeps it as it is`, () => {
        const value = hostile.make();
        const text = describeValue(value);
        const failed = new TaskFailedError('task-1', value);
        expect(failed.message).toBe(`Task task-1 failed: ${text}`);
        expect(Object.is(failed.cause, value)).toBeTrue();
        const cancelled = new TaskCancelledError('task-1', value);
        expect(cancelled.message).toBe(`Task task-1 was cancelled: ${text}`);
        expect(Object.is(cancelled.reason, value)).toBeTrue();
        expect(new TaskCancelledError(undefined, value, 'root').message).toBe(`Tracker "root" was cancelled: ${text}`);
        // A custom scheduler or gate may refuse with anything: the text is the reason, the value the cause.
        const rejected = new TaskRejectedError('task-1', value as string);
        expect(rejected.message).toBe(`Task rejected: ${text}`);
        expect(rejected.reason).toBe(text);
        expect(Object.is(rejected.cause, value)).toBeTrue();
        expect(() => new TrackerClosedError(value as string, value as string)).not.toThrow();
        expect(() => new TaskTimeoutError(value as string, value as number)).not.toThrow();
      });

      it(`answers false from every guard for ${hostile.name}, without throwing`, () => {
        const value = hostile.make();
        for (const guard of [isTaskError, isTaskCancelledError, isTaskFailedError, isTaskRejectedError, isTaskTimeoutError, isTrackerClosedError]) {
          expect(guard(value)).withContext(guard.name).toBeFalse();
        }
      });
    }

    it('Object.create(null) is [unprintable object]', () => {
      expect(new TaskFailedError('task-1', Object.create(null)).message).toBe('Task task-1 failed: [unprintable object]');
    });
  });

  it('TrackerClosedError names the tracker and says what to do', () => {
    const error = new TrackerClosedError('root/images', 'spawn a task');
    expect(error.trackerPath).toBe('root/images');
    expect(error.message).toContain('root/images');
    expect(error.message).toContain('Spawn before join()');
  });
});
