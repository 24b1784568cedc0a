import { NEVER, Subject } from 'rxjs';
import { marbles } from 'rxjs-marbles/jasmine';
import { PriorityScheduler, RateLimitScheduler, SemaphoreScheduler, TaskTracker, UnlimitedScheduler, type TaskScheduler } from '../../lib/index.js';
import { brokenInvariants, quietPolicy } from '../helpers/trackers.js';

describe('childTrackerBuilder().concurrency(n)', () => {
  it("caps the child inside the shared slots, and the parent's tasks flow past its waiting ones", marbles((m) => {
    const root = new TaskTracker(SemaphoreScheduler.withPermits(3), quietPolicy());
    const images = root.childTrackerBuilder().name('images').concurrency(2).build();
    const i = [1, 2, 3, 4].map(() => m.cold('---i|'));
    const r = [1, 2, 3].map(() => m.cold('--r|'));
    for (const task of i) images.spawn(task); // spawned first…
    for (const task of r) root.spawn(task); // …yet r1 takes the third slot at once
    m.expect(i[0]).toHaveSubscriptions('^---!');
    m.expect(i[1]).toHaveSubscriptions('^---!');
    m.expect(r[0]).toHaveSubscriptions('^--!');
    m.expect(r[1]).toHaveSubscriptions('---^--!');
    m.expect(r[2]).toHaveSubscriptions('----^--!'); // i1's slot: r3 was queued in the shared queue before i3
    m.expect(i[2]).toHaveSubscriptions('----^---!'); // i2's slot
    m.expect(i[3]).toHaveSubscriptions('------^---!'); // r2's slot
    m.flush();
    expect(root.metrics().success()).toBe(7);
    expect(images.metrics().success()).toBe(4);
  }));

  it('caps the whole subtree: grandchildren share the cap', () => {
    const root = new TaskTracker(SemaphoreScheduler.withPermits(10), quietPolicy());
    const images = root.childTrackerBuilder().concurrency(2).build();
    const thumbs = images.childTracker();
    for (let k = 0; k < 3; k++) {
      images.spawn(NEVER);
      thumbs.spawn(NEVER);
    }
    expect(images.metrics().snapshot()).toEqual(jasmine.objectContaining({ active: 2, queued: 4 }));
    root.spawn(NEVER);
    expect(root.metrics().active()).toBe(3);
    root.cancel();
    expect(brokenInvariants(root.metrics())).toEqual([]);
  });

  const schedulers: [string, () => TaskScheduler][] = [
    ['UnlimitedScheduler', () => new UnlimitedScheduler()],
    ['SemaphoreScheduler', () => SemaphoreScheduler.withPermits(4)],
    ['PriorityScheduler', () => PriorityScheduler.withPermits(4)],
    ['RateLimitScheduler', () => RateLimitScheduler.perInterval(1000, 1000, { concurrency: 4 })],
  ];
  for (const [name, make] of schedulers) {
    it(`works on a ${name}: at most n of the child's run, the next starts when one ends`, () => {
      const root = new TaskTracker(make(), quietPolicy());
      const child = root.childTrackerBuilder().concurrency(2).build();
      const gates = Array.from({ length: 5 }, () => new Subject<void>());
      const handles = gates.map((gate) => child.spawn(gate));
      expect(child.metrics().snapshot()).toEqual(jasmine.objectContaining({ active: 2, queued: 3 }));
      root.spawn(NEVER);
      expect(root.metrics().active()).toBe(3);
      gates[0].complete();
      expect(handles.map((h) => h.status)).toEqual(['success', 'running', 'running', 'queued', 'queued']);
      handles[3].cancel();
      gates[1].complete();
      expect(handles.map((h) => h.status)).toEqual(['success', 'success', 'running', 'cancelled', 'running']);
      gates[2].complete();
      gates[4].complete();
      expect(child.metrics().snapshot()).toEqual(jasmine.objectContaining({ success: 4, cancelled: 1, pending: 0 }));
      root.cancel();
      expect(brokenInvariants(root.metrics())).toEqual([]);
    });
  }

  it('frees its place at once when a task it handed on is cancelled while queued in the shared scheduler', () => {
    const root = new TaskTracker(SemaphoreScheduler.withPermits(1), quietPolicy());
    const child = root.childTrackerBuilder().concurrency(1).build();
    const gate = new Subject<void>();
    root.spawn(gate); // holds the one shared slot
    const first = child.spawn(NEVER); // handed on: waits in the semaphore's queue
    const second = child.spawn(NEVER); // waits under the cap
    first.cancel();
    gate.complete();
    expect(second.status).toBe('running');
    root.cancel();
  });

  it("hands its tasks' priorities on to a PriorityScheduler", () => {
    const root = new TaskTracker(PriorityScheduler.withPermits(1), quietPolicy());
    const child = root.childTrackerBuilder().concurrency(1).build();
    const gate = new Subject<void>();
    root.spawn(gate);
    const low = root.spawn(NEVER, { priority: 1 });
    const high = child.spawn(NEVER, { priority: 5 });
    gate.complete();
    expect(high.status).toBe('running');
    expect(low.status).toBe('queued');
    root.cancel();
  });

  it('caps a child that has a scheduler of its own', () => {
    const root = new TaskTracker(new UnlimitedScheduler(), quietPolicy());
    const own = SemaphoreScheduler.withPermits(5);
    const child = root.childTrackerBuilder().scheduler(own).concurrency(2).build();
    for (let k = 0; k < 4; k++) child.spawn(NEVER);
    expect(child.metrics().active()).toBe(2);
    expect(own.availablePermits()).toBe(3);
    root.cancel();
    expect(own.availablePermits()).toBe(5);
  });

  for (const [n, shown] of [[0, '0 (number)'], [1.5, '1.5 (number)'], [-1, '-1 (number)'], ['2', "'2' (string)"]] as const) {
    const type = typeof n === 'number' ? RangeError : TypeError;
    it(`refuses concurrency(${shown}) with a ${type.name} naming the value`, () => {
      const root = new TaskTracker(new UnlimitedScheduler(), quietPolicy());
      expect(() => root.childTrackerBuilder().concurrency(n as number)).toThrowError(type, `childTrackerBuilder().concurrency(n): n must be an integer >= 1, got ${shown}`);
    });
  }
});
