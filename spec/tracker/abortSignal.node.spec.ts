import { getEventListeners } from 'node:events';
import { lastValueFrom, NEVER, of } from 'rxjs';
import { marbles } from 'rxjs-marbles/jasmine';
import { CancellationToken, TaskCancelledError, TaskTracker } from '../../lib/index.js';
import { mergeTask } from '../../lib/operators/index.js';
import { deferred, outcome, quietPolicy } from '../helpers/trackers.js';

function listeners(signal: AbortSignal): number {
  return getEventListeners(signal, 'abort').length;
}

describe('spawn(task, { signal })', () => {
  it('cancels a running task when the signal aborts, its reason kept, and stops listening', async () => {
    const tracker = new TaskTracker();
    const controller = new AbortController();
    let taskSignal: AbortSignal | undefined;
    const handle = tracker.spawn((context) => ((taskSignal = context.signal), NEVER), { signal: controller.signal });
    tracker.spawn(() => NEVER, { signal: controller.signal });
    expect(listeners(controller.signal)).toBe(1); // one, shared by the signal's tasks
    controller.abort('navigated away');
    const { error } = await outcome(handle);
    expect(error).toBeInstanceOf(TaskCancelledError);
    expect((error as TaskCancelledError).reason).toBe('navigated away');
    expect(taskSignal!.reason).toBe('navigated away');
    expect(listeners(controller.signal)).toBe(0);
  });

  it('cancels a queued task, which never starts', marbles((m) => {
    const tracker = new TaskTracker({ concurrency: 1, errorPolicy: quietPolicy() });
    const controller = new AbortController();
    const first = m.cold('----a|');
    const second = m.cold('-b|');
    tracker.spawn(first);
    const handle = tracker.spawn(second, { signal: controller.signal });
    m.scheduler.schedule(() => controller.abort('no longer wanted'), 2);
    m.expect(first).toHaveSubscriptions('^----!');
    m.expect(second).toHaveSubscriptions([]);
    m.flush();
    expect(handle.status).toBe('cancelled');
    expect(tracker.metrics().snapshot()).toEqual(jasmine.objectContaining({ cancelled: 1, success: 1, queued: 0 }));
    return outcome(handle);
  }));

  it('cancels at once, without starting it, with a signal that has aborted already', async () => {
    const tracker = new TaskTracker();
    let called = false;
    const handle = tracker.spawn(() => (called = true), { signal: AbortSignal.abort('too late') });
    expect(handle.status).toBe('cancelled');
    expect(called).toBeFalse();
    expect(((await outcome(handle)).error as TaskCancelledError).reason).toBe('too late');
    await expectAsync(lastValueFrom(tracker.spawn$(of(1), { signal: AbortSignal.abort('late') }))).toBeRejectedWithError(TaskCancelledError);
    expect(tracker.metrics().snapshot()).toEqual(jasmine.objectContaining({ issued: 2, cancelled: 2, started: 0 }));
  });

  it('leaves no listener behind: 100k tasks on one long-lived signal', async () => {
    const tracker = new TaskTracker({ concurrency: 8 });
    const controller = new AbortController();
    const signal = controller.signal;
    const blocker = deferred();
    tracker.spawn(() => blocker.promise, { signal });
    const handles = [];
    for (let i = 0; i < 100_000; i++) handles.push(tracker.spawn(() => Promise.resolve(i), { signal }));
    expect(listeners(signal)).toBe(1);
    blocker.resolve(undefined);
    await Promise.all(handles);
    expect(listeners(signal)).toBe(0);
    // A second burst of 100k: the signal holds none of the ended tasks, so the heap does not grow by them.
    handles.length = 0;
    global.gc!();
    const before = process.memoryUsage().heapUsed;
    for (let i = 0; i < 100_000; i++) tracker.spawn(() => i, { signal });
    await tracker.onIdle();
    global.gc!();
    expect(listeners(signal)).toBe(0);
    // 100k retained handles would be well over 10 MB.
    expect(process.memoryUsage().heapUsed - before).toBeLessThan(4 * 1024 * 1024);
    await tracker.join();
  });

  it('works for spawn$ and the operators (each task listens until it ends)', async () => {
    const tracker = new TaskTracker();
    const controller = new AbortController();
    const values = await lastValueFrom(of(1, 2).pipe(mergeTask(tracker, (v: number) => Promise.resolve(v * 10), { signal: controller.signal })), { defaultValue: 0 });
    expect(values).toBe(20);
    expect(listeners(controller.signal)).toBe(0);
    const stream = tracker.spawn$(() => NEVER, { signal: controller.signal });
    const ended = lastValueFrom(stream).catch((error: unknown) => error);
    controller.abort('stop');
    expect(((await ended) as TaskCancelledError).reason).toBe('stop');
    expect(listeners(controller.signal)).toBe(0);
  });

  it('refuses something that is not an AbortSignal', () => {
    const tracker = new TaskTracker();
    expect(() => tracker.spawn(of(1), { signal: {} as never })).toThrowError(TypeError, /signal must be an AbortSignal/);
  });
});

describe('new TaskTracker({ signal })', () => {
  it('cancels the tracker and its subtree when the signal aborts, and lets go of it once settled', async () => {
    const controller = new AbortController();
    const tracker = new TaskTracker({ signal: controller.signal });
    const child = tracker.childTracker();
    const handle = child.spawn(() => NEVER);
    expect(listeners(controller.signal)).toBe(1);
    controller.abort('shutdown');
    expect(tracker.isClosed()).toBeTrue();
    expect(((await outcome(handle)).error as TaskCancelledError).reason).toBe('shutdown');
    expect(tracker.cancellationToken().reason).toBe('shutdown');
    expect(listeners(controller.signal)).toBe(0);
  });

  it('is born cancelled from an aborted signal; a joined tracker stops listening', async () => {
    expect(new TaskTracker({ signal: AbortSignal.abort('gone') }).cancellationToken().reason).toBe('gone');
    const controller = new AbortController();
    const tracker = new TaskTracker({ signal: controller.signal });
    await tracker.spawn(() => 1);
    await tracker.join();
    expect(listeners(controller.signal)).toBe(0);
  });
});

describe('CancellationToken.from(signal)', () => {
  it('is cancelled when the signal aborts, with its reason, and then stops listening', () => {
    const controller = new AbortController();
    const token = CancellationToken.from(controller.signal);
    const reasons: unknown[] = [];
    token.onCancel((reason) => reasons.push(reason));
    expect(token.isCancelled()).toBeFalse();
    controller.abort('bye');
    expect(reasons).toEqual(['bye']);
    expect(listeners(controller.signal)).toBe(0);
  });

  it('starts cancelled from an aborted signal; stops listening when cancelled itself; refuses a non-signal', () => {
    expect(CancellationToken.from(AbortSignal.abort('x')).reason).toBe('x');
    const controller = new AbortController();
    const token = CancellationToken.from(controller.signal);
    token.cancel('mine');
    expect(listeners(controller.signal)).toBe(0);
    expect(() => CancellationToken.from({} as never)).toThrowError(TypeError, /CancellationToken.from\(signal\): signal must be an AbortSignal/);
  });
});
