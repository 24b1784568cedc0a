import { lastValueFrom, NEVER, of } from 'rxjs';
import { CancellationToken, TaskTracker, type TaskContext } from '../../lib/index.js';
import { concatTask, exhaustTask, mergeTask, switchTask } from '../../lib/operators/index.js';
import { outcome, quietPolicy } from '../helpers/trackers.js';

describe('TaskContext', () => {
  it('is given to every function task, in every form, whatever its declared parameters', async () => {
    const tracker = new TaskTracker({ errorPolicy: quietPolicy() });
    const seen: TaskContext[] = [];
    const rest = (...args: unknown[]) => (seen.push(args[0] as TaskContext), 1);
    const withDefault = (context: TaskContext = undefined as never) => (seen.push(context), 1);
    await tracker.spawn(rest);
    await tracker.spawn(withDefault);
    await lastValueFrom(tracker.spawn$(rest as unknown as () => number[]));
    for (const operator of [mergeTask, concatTask, switchTask, exhaustTask]) {
      await lastValueFrom(of(0).pipe(operator(tracker, (_v: number, _i: number, context: TaskContext) => (seen.push(context), of(1)))));
    }
    expect(seen.length).toBe(7);
    for (const context of seen) {
      expect(context.token).toBeInstanceOf(CancellationToken);
      expect(context.signal).toBeInstanceOf(AbortSignal);
      expect(context.id).toMatch(/^task-\d+$/);
    }
  });

  it("is the task's own: its signal aborts with the reason when the task is cancelled", async () => {
    const tracker = new TaskTracker({ errorPolicy: quietPolicy() });
    let signal: AbortSignal | undefined;
    const handle = tracker.spawn((context) => {
      signal = context.signal;
      return NEVER;
    }, { name: 'named' });
    expect(signal!.aborted).toBeFalse();
    handle.cancel('stop');
    expect(signal!.aborted).toBeTrue();
    expect(signal!.reason).toBe('stop');
    expect((await outcome(handle)).error).toEqual(jasmine.objectContaining({ name: 'TaskCancelledError', reason: 'stop' }));
  });

  it('makes no token for a task that does not read it', async () => {
    const tracker = new TaskTracker({ errorPolicy: quietPolicy() });
    const handle = tracker.spawn((context) => context.id);
    expect(await handle).toBe(handle.id);
    expect(handle._extras?.token).toBeUndefined();
  });

  it('a task returning its own context fails with a TypeError rather than waiting for itself', async () => {
    const tracker = new TaskTracker({ errorPolicy: quietPolicy() });
    const handle = tracker.spawn((context) => context);
    const { error } = await outcome(handle);
    expect((error as { cause?: unknown }).cause).toEqual(jasmine.any(TypeError));
    expect(tracker.metrics().failed()).toBe(1);
  });

  it('an AbortError thrown after the signal aborted counts as cancelled', async () => {
    const tracker = new TaskTracker({ errorPolicy: quietPolicy() });
    const handle = tracker.spawn(({ signal }) => new Promise((_resolve, reject) => signal.addEventListener('abort', () => reject(signal.reason))));
    handle.cancel();
    await outcome(handle);
    expect(tracker.metrics().cancelled()).toBe(1);
  });
});
