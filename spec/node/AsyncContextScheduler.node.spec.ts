import { AsyncLocalStorage } from 'node:async_hooks';
import { defer, NEVER, Observable } from 'rxjs';
import { marbles } from 'rxjs-marbles/jasmine';
import { RateLimitScheduler, RetryPolicy, SemaphoreScheduler, TaskTracker, type ScheduledTask, type TaskScheduler } from '../../lib/index.js';
import { AsyncContextScheduler } from '../../lib/node/index.js';
import { expectHeldTaskSpendsNoStart } from '../helpers/heldTasks.js';
import { quietPolicy } from '../helpers/trackers.js';

const requestId = new AsyncLocalStorage<string>();
const tracing = new AsyncLocalStorage<{ span: string }>();

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Spawns 100 tasks from each of 10 contexts; each task reports the context it sees before and after an await. */
async function seenContexts(tracker: TaskTracker): Promise<{ expected: string; before: string | undefined; after: string | undefined }[]> {
  const handles: Promise<{ expected: string; before: string | undefined; after: string | undefined }>[] = [];
  for (let c = 0; c < 10; c++) {
    requestId.run(`request-${c}`, () => {
      for (let i = 0; i < 100; i++) {
        handles.push(
          tracker.spawn(async () => {
            const before = requestId.getStore();
            await tick();
            return { expected: `request-${c}`, before, after: requestId.getStore() };
          }),
        );
      }
    });
  }
  return Promise.all(handles);
}

describe('AsyncContextScheduler (rx-task-tracker/node)', () => {
  it("forwards isHeld: a paused tracker's task spends no start of a wrapped RateLimitScheduler", marbles((m) => {
    expectHeldTaskSpendsNoStart(m, AsyncContextScheduler.wrap(RateLimitScheduler.perInterval(1, 10, { scheduler: m.scheduler })), (root) => root.childTracker());
  }));

  it('runs each of 1,000 queued tasks from 10 contexts in its spawner’s AsyncLocalStorage context', async () => {
    const tracker = new TaskTracker(AsyncContextScheduler.wrap(SemaphoreScheduler.withPermits(3)), quietPolicy());
    const seen = await seenContexts(tracker);
    expect(seen.length).toBe(1000);
    expect(seen.filter((s) => s.before !== s.expected || s.after !== s.expected)).toEqual([]);
    expect(tracker.metrics().snapshot()).toEqual(jasmine.objectContaining({ success: 1000, queued: 0 }));
  });

  it('the control: without it, queued tasks run in the context of whatever freed their slot', async () => {
    const tracker = new TaskTracker(SemaphoreScheduler.withPermits(3), quietPolicy());
    const seen = await seenContexts(tracker);
    expect(seen.filter((s) => s.before !== s.expected).length).toBeGreaterThan(500);
  });

  it('carries only the given stores when asked to (and every one of them)', async () => {
    const tracker = new TaskTracker(AsyncContextScheduler.wrap(SemaphoreScheduler.withPermits(1), { stores: [requestId, tracing] }), quietPolicy());
    const results = [1, 2, 3].map((i) =>
      requestId.run(`r${i}`, () => tracing.run({ span: `s${i}` }, () => tracker.spawn(async () => (await tick(), `${requestId.getStore()}/${tracing.getStore()?.span}`)))),
    );
    expect(await Promise.all(results)).toEqual(['r1/s1', 'r2/s2', 'r3/s3']);
    const one = new TaskTracker(AsyncContextScheduler.wrap(SemaphoreScheduler.withPermits(1), { stores: [requestId] }), quietPolicy());
    const single = ['a', 'b'].map((id) => requestId.run(id, () => one.spawn(async () => (await tick(), requestId.getStore()))));
    expect(await Promise.all(single)).toEqual(['a', 'b']);
  });

  it('keeps the context across a child’s concurrency cap, an Observable task’s subscription and a retry', async () => {
    const root = new TaskTracker(AsyncContextScheduler.wrap(SemaphoreScheduler.withPermits(4)), new RetryPolicy({ retries: 1, initialDelay: 1, inner: quietPolicy() }));
    const child = root.childTrackerBuilder().concurrency(1).build();
    const attempts = new Map<string, number>();
    const handles = ['x', 'y', 'z'].map((id) =>
      requestId.run(id, () =>
        child.spawn(
          defer(() => {
            const seen = requestId.getStore()!;
            attempts.set(seen, (attempts.get(seen) ?? 0) + 1);
            return new Observable<string>((subscriber) => {
              setTimeout(() => (attempts.get(seen) === 1 ? subscriber.error(new Error('once')) : (subscriber.next(requestId.getStore()!), subscriber.complete())), 1);
            });
          }),
        ),
      ),
    );
    expect(await Promise.all(handles)).toEqual(['x', 'y', 'z']);
    expect([...attempts.entries()]).toEqual([['x', 2], ['y', 2], ['z', 2]]);
  });

  it('wraps any scheduler, keeps its sharing across a tree, and refuses what is not one', () => {
    const inner = SemaphoreScheduler.withPermits(2);
    const scheduler: TaskScheduler = AsyncContextScheduler.wrap(inner);
    const root = new TaskTracker(scheduler, quietPolicy());
    const child = root.childTracker();
    root.spawn(new Observable(() => {}));
    child.spawn(new Observable(() => {}));
    child.spawn(new Observable(() => {}));
    expect(inner.availablePermits()).toBe(0);
    expect(root.metrics().queued()).toBe(1);
    root.cancel();
    expect(inner.availablePermits()).toBe(2);
    expect(() => AsyncContextScheduler.wrap({} as never)).toThrowError(TypeError, /inner must be a scheduler \(with connect\(tasks\)\), got an object/);
    expect(() => AsyncContextScheduler.wrap(inner, { stores: [{}] as never })).toThrowError(TypeError, /stores must be an array of AsyncLocalStorage/);
    expect(() => AsyncContextScheduler.wrap(inner, { store: [] } as never)).toThrowError(
      TypeError,
      "AsyncContextScheduler.wrap(inner, options): unknown option 'store' (did you mean 'stores'?); known options: stores",
    );
  });

  it('forwards a scheduler’s cancel(reason) to the task it wraps', async () => {
    const started: ScheduledTask[] = [];
    const inner: TaskScheduler = { connect: (tasks) => tasks.subscribe((task) => (started.push(task), task.start({ release: () => {} }))) };
    for (const options of [undefined, { stores: [requestId] }]) {
      const tracker = new TaskTracker(AsyncContextScheduler.wrap(inner, options), quietPolicy());
      const handle = tracker.spawn(NEVER);
      started.pop()!.cancel?.('lease lost');
      await expectAsync(handle).toBeRejectedWith(jasmine.objectContaining({ reason: 'lease lost' }));
    }
  });
});
