import { NEVER, Observable, of, type Subscription } from 'rxjs';
import { marbles } from 'rxjs-marbles/jasmine';
import { SemaphoreScheduler, TaskCancelledError, TaskRejectedError, TaskTracker, type ScheduledTask, type TaskScheduler } from '../../lib/index.js';
import { brokenInvariants, outcome, quietPolicy } from '../helpers/trackers.js';

/** The example of the TaskScheduler TSDoc: the newest task first, one at a time. */
class LatestFirstScheduler implements TaskScheduler {
  private readonly waiting: ScheduledTask[] = [];
  private running = false;
  connect(tasks: Observable<ScheduledTask>): Subscription {
    return tasks.subscribe((task) => {
      this.waiting.push(task);
      this.next();
    });
  }
  release(): void {
    this.running = false;
    this.next();
  }
  private next(): void {
    while (!this.running && this.waiting.length > 0) {
      const task = this.waiting.pop()!;
      if (task.isCancelled()) continue;
      this.running = true;
      task.start(this);
    }
  }
}

/** Refuses every task whose id it is told to. */
class RefusingScheduler implements TaskScheduler {
  connect(tasks: Observable<ScheduledTask>): Subscription {
    return tasks.subscribe((task) => task.reject('queue full'));
  }
}

describe('TaskScheduler (custom)', () => {
  it('runs tasks in the order a custom scheduler chooses (the TSDoc example)', marbles((m) => {
    const tracker = new TaskTracker(new LatestFirstScheduler(), quietPolicy());
    const first = m.cold('--a|');
    const second = m.cold('--b|');
    const third = m.cold('--c|');
    tracker.spawn(first);
    tracker.spawn(second);
    tracker.spawn(third);
    m.expect(first).toHaveSubscriptions('^--!');
    m.expect(third).toHaveSubscriptions('---^--!');
    m.expect(second).toHaveSubscriptions('------^--!');
  }));

  it('skips tasks cancelled while they waited', marbles((m) => {
    const tracker = new TaskTracker(new LatestFirstScheduler(), quietPolicy());
    tracker.spawn(m.cold('--a|'));
    const waiting = m.cold('-b|');
    tracker.spawn(waiting).cancel();
    m.expect(waiting).toHaveSubscriptions([]);
  }));

  it('ends a task the scheduler rejects as rejected, with "Task rejected: <reason>"', async () => {
    const tracker = new TaskTracker(new RefusingScheduler(), quietPolicy());
    let called = false;
    const handle = tracker.spawn(() => {
      called = true;
      return 1;
    });
    const { error } = await outcome(handle);
    expect(error).toBeInstanceOf(TaskRejectedError);
    expect((error as TaskRejectedError).message).toBe('Task rejected: queue full');
    expect((error as TaskRejectedError).isFailure()).toBeTrue();
    expect(called).toBeFalse();
    expect(handle.status).toBe('rejected');
    expect(tracker.metrics().snapshot()).toEqual(jasmine.objectContaining({ issued: 1, started: 0, rejected: 1, failed: 0, pending: 0 }));
    expect(brokenInvariants(tracker.metrics())).toEqual([]);
  });

  it('releases the slot at once when asked to start a task that was cancelled', () => {
    const released: ScheduledTask[] = [];
    let captured!: ScheduledTask;
    const scheduler: TaskScheduler = { connect: (tasks) => tasks.subscribe((task) => (captured = task)) };
    const tracker = new TaskTracker(scheduler, quietPolicy());
    const handle = tracker.spawn(() => 1);
    handle.cancel();
    expect(captured.isCancelled()).toBeTrue();
    captured.start({ release: (task) => released.push(task) });
    expect(released).toEqual([captured]);
    expect(handle.status).toBe('cancelled');
  });

  it('cancels a task it started with task.cancel(reason), through a child’s concurrency cap too', async () => {
    // A scheduler whose slots are leases that can expire (RedisSemaphoreScheduler) cancels the task that lost one.
    const started: ScheduledTask[] = [];
    const released: ScheduledTask[] = [];
    const scheduler: TaskScheduler = {
      connect: (tasks) => tasks.subscribe((task) => (started.push(task), task.start({ release: (t) => released.push(t) }))),
    };
    const root = new TaskTracker(scheduler, quietPolicy());
    const capped = root.childTrackerBuilder().concurrency(1).build();
    const stopped: string[] = [];
    const endless = (name: string) => new Observable<never>(() => () => stopped.push(name));
    const handles = [root.spawn(endless('direct')), capped.spawn(endless('through the cap'))];
    for (const task of started) task.cancel?.('lease lost');
    expect(stopped).toEqual(['direct', 'through the cap']);
    expect(released).toEqual(started);
    for (const handle of handles) {
      const { error } = await outcome(handle);
      expect(error).toBeInstanceOf(TaskCancelledError);
      expect((error as TaskCancelledError).reason).toBe('lease lost');
    }
    expect(brokenInvariants(root.metrics())).toEqual([]);
  });

  it('shares the task stream with a built-in scheduler it wraps: both see every task, and both let go on settle', () => {
    // TaskSubject#next skips RxJS's Subject#next when one observer listens: a second one must not miss any.
    const inner = SemaphoreScheduler.withPermits(1);
    const seen: ScheduledTask[] = [];
    let connection: Subscription | undefined;
    const watching: TaskScheduler = {
      connect(tasks) {
        connection = inner.connect(tasks);
        connection.add(tasks.subscribe((task) => seen.push(task)));
        return connection;
      },
    };
    const tracker = new TaskTracker(watching, quietPolicy());
    const first = tracker.spawn(NEVER);
    const second = tracker.spawn(of(2));
    expect(seen).toEqual([first, second]);
    expect([first.status, second.status]).toEqual(['running', 'queued']);
    tracker.cancel();
    expect(connection!.closed).toBeTrue();
    expect([first.status, second.status]).toEqual(['cancelled', 'cancelled']);
  });
});
