import { LogOnlyPolicy, SemaphoreScheduler, TaskTracker } from '../../lib/index.js';

// Needs `node --expose-gc` (npm test passes it).
const gc = (globalThis as { gc?: () => void }).gc;
const TASKS = 20_000;

/** Bytes of heap held per task while `TASKS` tasks wait behind one that never ends. */
function heldPerQueuedTask(spawn: (tracker: TaskTracker, task: () => Promise<never>) => unknown): number {
  const tracker = new TaskTracker(SemaphoreScheduler.withPermits(1), new LogOnlyPolicy());
  const never = new Promise<never>(() => {});
  const task = () => never;
  const kept: unknown[] = new Array(TASKS);
  gc!();
  gc!();
  const before = process.memoryUsage().heapUsed;
  for (let i = 0; i < TASKS; i++) kept[i] = spawn(tracker, task);
  gc!();
  gc!();
  const held = (process.memoryUsage().heapUsed - before) / TASKS;
  tracker.cancel();
  return held;
}

describe('spawn$ memory', () => {
  beforeAll(() => {
    if (gc === undefined) throw new Error('run with node --expose-gc');
  });

  // A backlog's speed is its garbage collection, so its bytes per task. spawn$
  // adds RxJS's subscriber (about 100 bytes) and the teardown that cancels the
  // task (about 60); it held 3.1× spawn's bytes when it kept a settling function
  // and an extras object per task as well.
  it('holds at most 1.5× the bytes of spawn per queued task', () => {
    const spawnBytes = heldPerQueuedTask((tracker, task) => tracker.spawn(task));
    const observer = { next: () => {}, error: () => {} };
    const streamBytes = heldPerQueuedTask((tracker, task) => tracker.spawn$(task).subscribe(observer));
    expect(streamBytes / spawnBytes).toBeLessThanOrEqual(1.5);
  });
});
