// The devtools' data layer, without a DOM (runs under Node and in Chromium).
import { NEVER, Subject, of, throwError, timer } from 'rxjs';
import { map, mergeMap } from 'rxjs/operators';
import { TestScheduler } from 'rxjs/testing';
import {
  CircuitBreakerPolicy,
  RetryPolicy,
  SemaphoreScheduler,
  TaskTracker,
  composePolicies,
  type MetricsSnapshot,
} from '../../lib/index.js';
import { DevtoolsModel, type TrackerRow } from '../../lib/devtools/index.js';
import { HOSTILE_VALUES } from '../helpers/hostileValues.js';
import { quietPolicy, semaphoreTracker } from '../helpers/trackers.js';

function row(model: DevtoolsModel, path: string): TrackerRow | undefined {
  return model.state().rows.find((r) => r.path === path);
}

function listeners(tracker: TaskTracker): number {
  return tracker._ledger._eventListeners;
}

function virtual(): TestScheduler {
  return new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
}

const ZERO: MetricsSnapshot = { issued: 0, started: 0, success: 0, failed: 0, cancelled: 0, rejected: 0, active: 0, queued: 0, pending: 0, totalCompleted: 0, timedOut: 0, retried: 0 };

describe('DevtoolsModel', () => {
  it('counts a settled child from its events exactly as the tracker did (retries, timeouts, cancels, rejections)', () => {
    virtual().run(({ cold, flush }) => {
      const root = TaskTracker.builder()
        .scheduler(SemaphoreScheduler.withPermits(2))
        .errorPolicy(new RetryPolicy({ retries: 1, initialDelay: 3, jitter: 'none', inner: quietPolicy() }))
        .build();
      const model = new DevtoolsModel(root);
      const connection = model.connect();
      const child = root.childTrackerBuilder().name('work').build();
      const breaker = child.childTrackerBuilder().name('breaker').errorPolicy(composePolicies(new CircuitBreakerPolicy({ failureThreshold: 1, halfOpenAfter: 1000 }), quietPolicy())).build();
      child.spawn(cold('--a|'));
      child.spawn(cold('-#'), {}); // fails twice (one retry), then for good
      child.spawn(cold('-----a|'), { timeout: 2 }); // times out (and retries, and times out again)
      child.spawn(cold('--a|'));
      const queued = child.spawn(cold('--a|'));
      queued.cancel('changed my mind');
      breaker.spawn(cold('#'));
      breaker.spawn(cold('a|')); // rejected: the circuit is open
      void child.join();
      flush();

      expect(root.tree().children.map((c) => c.name)).toEqual([]); // settled: tree() lost it
      const shown = row(model, 'root/work')!;
      expect(shown.finished).toBeTrue();
      expect(shown.metrics).toEqual(child.metrics().snapshot());
      expect(row(model, 'root/work/breaker')!.metrics).toEqual(breaker.metrics().snapshot());
      expect(shown.metrics.retried).toBeGreaterThan(0);
      expect(shown.metrics.timedOut).toBe(1);
      expect(shown.metrics.rejected).toBe(1);
      expect(row(model, 'root')!.metrics).toEqual(root.metrics().snapshot());
      connection.unsubscribe();
    });
  });

  it('reads the counts of tasks issued before it connected from tree()', async () => {
    const root = semaphoreTracker(1);
    const first = root.spawn(() => Promise.resolve(1));
    root.spawn(new Subject<never>());
    const model = new DevtoolsModel(root);
    model.connect();
    expect(row(model, 'root')!.metrics).toEqual(root.metrics().snapshot());
    await first;
    expect(row(model, 'root')!.metrics).toEqual(root.metrics().snapshot());
    root.cancel();
    expect(row(model, 'root')!.metrics).toEqual(root.metrics().snapshot());
  });

  it('keeps rows of settled children, finished, and drops the oldest finished past maxFinishedRows; open ones stay', async () => {
    const root = semaphoreTracker(4);
    const model = new DevtoolsModel(root, { maxFinishedRows: 2 });
    model.connect();
    const open = root.childTrackerBuilder().name('open').build();
    for (const name of ['a', 'b', 'c', 'd']) {
      const child = root.childTrackerBuilder().name(name).build();
      await child.spawn(of(name));
      await child.join();
      model.state(); // each one seen finished, in order
    }
    const rows = model.state().rows;
    expect(rows.map((r) => r.path)).toEqual(['root', 'root/open', 'root/c', 'root/d']);
    expect(rows.map((r) => r.finished)).toEqual([false, false, true, true]);
    expect(rows[3].metrics).toEqual({ ...ZERO, issued: 1, started: 1, success: 1, totalCompleted: 1 });
    expect(open.isClosed()).toBeFalse();
  });

  it('drops a finished tracker with its finished descendants, never leaving an orphan row', async () => {
    const root = semaphoreTracker(4);
    const model = new DevtoolsModel(root, { maxFinishedRows: 1 });
    model.connect();
    const parent = root.childTrackerBuilder().name('parent').build();
    parent.childTrackerBuilder().name('kid').build();
    await parent.join();
    model.state();
    const other = root.childTrackerBuilder().name('other').build();
    await other.join();
    expect(model.state().rows.map((r) => r.path)).toEqual(['root', 'root/other']);
  });

  it('clear() forgets finished rows, the timeline and the failures, keeping open trackers', async () => {
    const root = semaphoreTracker(4);
    const model = new DevtoolsModel(root);
    model.connect();
    const done = root.childTrackerBuilder().name('done').build();
    await done.spawn(() => Promise.reject(new Error('x'))).catch(() => {});
    await done.join();
    expect(model.state().failures.length).toBe(1);
    model.clear();
    const state = model.state();
    expect(state.rows.map((r) => r.path)).toEqual(['root']);
    expect(state.bars).toEqual([]);
    expect(state.failures).toEqual([]);
  });

  it('draws a bar per task that ended inside the window, with its wait in the queue', () => {
    virtual().run(({ cold, flush, time }) => {
      const root = semaphoreTracker(1);
      const model = new DevtoolsModel(root, { windowMs: 100 });
      model.connect();
      const a = root.spawn(cold('----a|'));
      const b = root.spawn(cold('--b|'));
      let state = model.state();
      let late = state;
      timer(50).subscribe(() => (state = model.state()));
      timer(106).subscribe(() => (late = model.state()));
      flush();
      expect(state.bars.map(({ taskId, issued, started, ended, outcome }) => ({ taskId, issued, started, ended, outcome }))).toEqual([
        { taskId: a.id, issued: 0, started: 0, ended: time('-----|'), outcome: 'success' },
        { taskId: b.id, issued: 0, started: 5, ended: 8, outcome: 'success' },
      ]);
      expect(late.bars.map((bar) => bar.taskId)).toEqual([b.id]); // a ended at 5, before 106 - 100
    });
  });

  it('logs failures for good with their message and attempts, at most maxFailures', () => {
    virtual().run(({ cold, flush }) => {
      const root = new TaskTracker(SemaphoreScheduler.withPermits(4), new RetryPolicy({ retries: 2, initialDelay: 1, jitter: 'none', inner: quietPolicy() }));
      const model = new DevtoolsModel(root, { maxFailures: 2 });
      model.connect();
      const tasks = [1, 2, 3].map((n) => root.spawn(cold('-#', undefined, new TypeError(`bad ${n}`))));
      flush();
      const failures = model.state().failures;
      expect(failures.map((f) => [f.taskId, f.path, f.message, f.attempts])).toEqual([
        [tasks[1].id, 'root', 'TypeError: bad 2', 3],
        [tasks[2].id, 'root', 'TypeError: bad 3', 3],
      ]);
    });
  });

  it('logs a failure with a value that cannot be printed as such, and goes on counting', async () => {
    const root = semaphoreTracker(1);
    const model = new DevtoolsModel(root);
    model.connect();
    const values = HOSTILE_VALUES.map((hostile) => hostile.make());
    const handles = values.map((value) => root.spawn(() => Promise.reject(value)));
    await Promise.allSettled(handles);
    const messages = model.state().failures.map((f) => f.message);
    expect(messages.length).toBe(values.length);
    for (const message of messages) expect(typeof message).toBe('string');
    expect(messages).toContain('[unprintable object]');
    expect(messages).toContain('[unprintable function]');
    expect(row(model, 'root')?.metrics).toEqual(jasmine.objectContaining({ failed: values.length, active: 0, queued: 0 }));
  });

  it('keeps the timeline bounded to maxBars', async () => {
    const root = semaphoreTracker(4);
    const model = new DevtoolsModel(root, { maxBars: 3 });
    model.connect();
    const handles = [1, 2, 3, 4, 5].map((n) => root.spawn(of(n)));
    expect(model.state().bars.map((bar) => bar.taskId)).toEqual(handles.slice(2).map((h) => h.id));
  });

  it('shows a child as soon as it is created, and its state', () => {
    const root = semaphoreTracker(1);
    const model = new DevtoolsModel(root);
    model.connect();
    const child = root.childTrackerBuilder().name('images').build();
    child.spawn(NEVER);
    expect(row(model, 'root/images')).toEqual(jasmine.objectContaining({ name: 'images', depth: 1, state: 'open', finished: false }));
    child.cancel();
    expect(row(model, 'root/images')).toEqual(jasmine.objectContaining({ state: 'cancelled', finished: true }));
  });

  it('cancels a subtree by path and nothing else', () => {
    const root = semaphoreTracker(4);
    const model = new DevtoolsModel(root);
    const a = root.childTrackerBuilder().name('a').build();
    const aa = a.childTrackerBuilder().name('aa').build();
    const b = root.childTrackerBuilder().name('b').build();
    expect(model.cancel('root/a/aa')).toBeTrue();
    expect(model.cancel('root/a/aa')).toBeFalse();
    expect(model.cancel('root/nope')).toBeFalse();
    expect(model.cancel('elsewhere/a')).toBeFalse();
    expect([a, aa, b, root].map((t) => t.cancellationToken().isCancelled())).toEqual([false, true, false, false]);
  });

  it('costs nothing unless connected: one events$ subscriber while connected, none after', () => {
    const root = semaphoreTracker(1);
    const model = new DevtoolsModel(root);
    expect(listeners(root)).toBe(0);
    const connection = model.connect();
    expect(model.connected).toBeTrue();
    expect(listeners(root)).toBe(1);
    expect(() => model.connect()).toThrowError(/already connected/);
    connection.unsubscribe();
    expect(model.connected).toBeFalse();
    expect(listeners(root)).toBe(0);
  });

  it('calls onChange on every change, so a view can schedule one redraw', () => {
    const root = semaphoreTracker(1);
    let changes = 0;
    new DevtoolsModel(root).connect(() => changes++);
    root.spawn(of(1));
    expect(changes).toBe(3); // issued, started, succeeded
  });

  it('follows a child tracker and its subtree only', () => {
    const root = semaphoreTracker(2);
    const images = root.childTrackerBuilder().name('images').build();
    const model = new DevtoolsModel(images);
    model.connect();
    images.childTrackerBuilder().name('thumbs').build().spawn(of(1));
    root.spawn(of(2));
    expect(model.state().rows.map((r) => [r.path, r.depth, r.metrics.issued])).toEqual([
      ['root/images', 0, 1],
      ['root/images/thumbs', 1, 1],
    ]);
  });

  it('refuses bad arguments with errors naming them', () => {
    const root = semaphoreTracker(1);
    expect(() => new DevtoolsModel(undefined as unknown as TaskTracker)).toThrowError(TypeError, 'new DevtoolsModel(tracker, options): tracker must be a TaskTracker, got undefined');
    expect(() => new DevtoolsModel(root, { maxFinishedRows: -1 })).toThrowError(RangeError, 'new DevtoolsModel(tracker, options): maxFinishedRows must be an integer >= 0, got -1 (number)');
    // Whatever it is given, it says so without throwing something else.
    expect(() => new DevtoolsModel(Object.create(null))).toThrowError(TypeError, 'new DevtoolsModel(tracker, options): tracker must be a TaskTracker, got an object');
    expect(() => new DevtoolsModel(root, { maxBars: Symbol('many') as never })).toThrowError(TypeError, /maxBars must be an integer >= 1, got Symbol\(many\) \(symbol\)/);
    expect(() => new DevtoolsModel(root, { windowMs: Object.create(null) })).toThrowError(TypeError, /windowMs must be a number of milliseconds above 0, up to 9007199254740991 \(Number.MAX_SAFE_INTEGER\), got an object/);
    expect(() => new DevtoolsModel(root, { maxBar: 5 } as never)).toThrowError(
      TypeError,
      "new DevtoolsModel(tracker, options): unknown option 'maxBar' (did you mean 'maxBars'?); known options: maxFinishedRows, windowMs, maxBars, maxFailures, clock",
    );
    expect(() => new DevtoolsModel(root, { maxBars: 0 })).toThrowError(RangeError, /maxBars/);
    expect(() => new DevtoolsModel(root, { maxFailures: 1.5 })).toThrowError(RangeError, /maxFailures/);
    expect(() => new DevtoolsModel(root, { windowMs: 0 })).toThrowError(RangeError, /windowMs/);
  });

  it('stays exact through a randomized mix of outcomes', async () => {
    const root = semaphoreTracker(3);
    const model = new DevtoolsModel(root);
    model.connect();
    const children = ['a', 'b', 'c'].map((name) => root.childTrackerBuilder().name(name).build());
    const work = [];
    for (let i = 0; i < 60; i++) {
      const tracker = children[i % 3];
      const kind = (i * 7) % 4;
      const task = kind === 0 ? of(i) : kind === 1 ? throwError(() => new Error(`e${i}`)) : kind === 2 ? timer(1).pipe(map(() => i)) : of(i).pipe(mergeMap(() => Promise.resolve(i)));
      if (tracker.isClosed()) continue;
      work.push(tracker.spawn(task).catch(() => undefined));
      if (i === 40) children[1].cancel();
    }
    await Promise.all(work);
    for (const child of children) expect(row(model, child.path)!.metrics).toEqual(child.metrics().snapshot());
    expect(row(model, 'root')!.metrics).toEqual(root.metrics().snapshot());
  });
});
