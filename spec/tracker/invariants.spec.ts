import * as fc from 'fast-check';
import { Subject } from 'rxjs';
import { SemaphoreScheduler, TaskTracker, type TaskHandle } from '../../lib/index.js';
import { deferred, quietPolicy } from '../helpers/trackers.js';

type Kind = 'observable' | 'promise' | 'value' | 'throw';

interface ModelTask {
  handle: TaskHandle<unknown>;
  tracker: number;
  kind: Kind;
  subject?: Subject<number>;
  promise?: ReturnType<typeof deferred<number>>;
  started: boolean;
  settledCount: number;
}

const step = fc.oneof(
  fc.record({ op: fc.constant('spawn' as const), tracker: fc.nat(), kind: fc.constantFrom<Kind>('observable', 'promise', 'value', 'throw') }),
  fc.record({ op: fc.constant('succeed' as const), task: fc.nat() }),
  fc.record({ op: fc.constant('fail' as const), task: fc.nat() }),
  fc.record({ op: fc.constant('cancelTask' as const), task: fc.nat() }),
  fc.record({ op: fc.constant('cancelTracker' as const), tracker: fc.nat() }),
  fc.record({ op: fc.constant('child' as const), tracker: fc.nat() }),
  fc.record({ op: fc.constant('join' as const), tracker: fc.nat() }),
);

const flush = async () => {
  for (let i = 0; i < 4; i++) await Promise.resolve();
};

/** Every tracker's metrics must equal the counts read off the handles of its subtree. */
function check(trackers: TaskTracker[], tasks: ModelTask[], scheduler: SemaphoreScheduler, permits: number): void {
  trackers.forEach((tracker, index) => {
    const inSubtree = tasks.filter((task) => isInSubtree(trackers[task.tracker], trackers[index]));
    const count = (status: string) => inSubtree.filter((task) => task.handle.status === status).length;
    const expected = {
      issued: inSubtree.length,
      started: inSubtree.filter((task) => task.started).length,
      success: count('success'),
      failed: count('failed'),
      cancelled: count('cancelled'),
      rejected: count('rejected'),
      active: count('running'),
      queued: count('queued') + count('retrying'),
      pending: count('running') + count('queued') + count('retrying'),
    };
    expect(tracker.metrics().snapshot()).toEqual(jasmine.objectContaining(expected));
  });
  // A slot is held by each running task, and by each started promise task whose promise has not settled.
  const holding = tasks.filter((task) => task.handle.status === 'running' || (task.kind === 'promise' && task.started && task.promise!.promise !== undefined && !(task as { done?: boolean }).done)).length;
  expect(scheduler.availablePermits()).toBe(permits - holding);
}

function isInSubtree(tracker: TaskTracker, ancestor: TaskTracker): boolean {
  for (let t: TaskTracker | undefined = tracker; t !== undefined; t = t.parent) if (t === ancestor) return true;
  return false;
}

describe('TaskTracker invariants', () => {
  it('hold at every step of random spawns, completions, failures, cancellations and joins', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 4 }), fc.array(step, { maxLength: 40 }), async (permits, steps) => {
        const scheduler = SemaphoreScheduler.withPermits(permits);
        const trackers = [new TaskTracker(scheduler, quietPolicy())];
        const tasks: ModelTask[] = [];
        const openTrackers = () => trackers.filter((tracker) => !tracker.isClosed());
        for (const s of steps) {
          if (s.op === 'spawn' || s.op === 'child') {
            const open = openTrackers();
            if (open.length === 0) continue;
            const tracker = open[s.tracker % open.length];
            if (s.op === 'child') {
              trackers.push(tracker.childTracker());
              continue;
            }
            const task: ModelTask = { tracker: trackers.indexOf(tracker), kind: s.kind, started: false, settledCount: 0 } as ModelTask;
            if (s.kind === 'observable') {
              task.subject = new Subject<number>();
              const subject = task.subject;
              task.handle = tracker.spawn(() => {
                task.started = true;
                return subject;
              });
            } else if (s.kind === 'promise') {
              task.promise = deferred<number>();
              const work = task.promise;
              void work.promise.then(() => ((task as { done?: boolean }).done = true), () => ((task as { done?: boolean }).done = true));
              task.handle = tracker.spawn(() => {
                task.started = true;
                return work.promise;
              });
            } else {
              task.handle = tracker.spawn(() => {
                task.started = true;
                if (s.kind === 'throw') throw new Error('sync failure');
                return 1;
              });
            }
            task.handle.then(() => task.settledCount++, () => task.settledCount++);
            tasks.push(task);
          } else if (s.op === 'succeed' || s.op === 'fail') {
            const live = tasks.filter((task) => task.subject !== undefined || (task.promise !== undefined && !(task as { done?: boolean }).done));
            if (live.length === 0) continue;
            const task = live[s.task % live.length];
            if (task.subject) {
              if (s.op === 'succeed') task.subject.complete();
              else task.subject.error(new Error('async failure'));
            } else if (s.op === 'succeed') task.promise!.resolve(2);
            else task.promise!.reject(new Error('rejected'));
          } else if (s.op === 'cancelTask') {
            if (tasks.length > 0) tasks[s.task % tasks.length].handle.cancel();
          } else if (s.op === 'cancelTracker') {
            trackers[s.tracker % trackers.length].cancel();
          } else {
            void trackers[s.tracker % trackers.length].join();
          }
          await flush();
          check(trackers, tasks, scheduler, permits);
        }
        // Drain: cancel everything, let every promise settle, and everything must balance.
        trackers[0].cancel();
        for (const task of tasks) task.promise?.resolve(0);
        await flush();
        await trackers[0].join();
        await flush();
        check(trackers, tasks, scheduler, permits);
        expect(scheduler.availablePermits()).toBe(permits);
        expect(tasks.every((task) => task.settledCount === 1)).toBeTrue();
        expect(trackers[0].metrics().pending()).toBe(0);
      }),
      { numRuns: 150 },
    );
  });
});
