import { combineLatest, forkJoin, merge, NEVER, takeUntil, type Observable } from 'rxjs';
import { marbles } from 'rxjs-marbles/jasmine';
import type { Context } from 'rxjs-marbles/jasmine';
import { PriorityScheduler, TaskTracker, type TaskScheduler } from '../../lib/index.js';
import { concatTask, mergeTask, switchTask } from '../../lib/operators/index.js';
import { brokenInvariants, quietPolicy, semaphoreTracker, unlimitedTracker } from '../helpers/trackers.js';

// A teardown never starts queued work: tasks torn down in one synchronous
// teardown never start each other's queued successors.

/** `n` cold tasks that would run for a while, to spawn and to check the subscriptions of. */
function loads(m: Context, n: number): Observable<string>[] {
  return Array.from({ length: n }, () => m.cold('------x|'));
}

/** Combines streams, as an app would: each way gives one subscription to unsubscribe. */
const combinations: [string, (streams: Observable<string>[], stop: Observable<unknown>) => Observable<unknown>][] = [
  ['forkJoin', (streams) => forkJoin(streams)],
  ['merge', (streams) => merge(...streams)],
  ['combineLatest', (streams) => combineLatest(streams)],
  ['takeUntil', (streams, stop) => merge(...streams).pipe(takeUntil(stop))],
];

/** Subscribes `combined` and ends it at frame 2: by unsubscribing, or by `stop` for takeUntil. */
function endAtFrame2(m: Context, name: string, combined: (stop: Observable<unknown>) => Observable<unknown>): void {
  const stop = m.cold('--s');
  if (name === 'takeUntil') combined(stop).subscribe();
  else m.expect(combined(stop), '^-!').toBeObservable('---');
}

describe('a teardown never starts queued work', () => {
  for (const [name, combine] of combinations) {
    it(`${name} of 6 spawn$ on 2 slots, ended: 2 started, 0 more; all 6 cancelled`, marbles((m) => {
      const tracker = semaphoreTracker(2);
      const tasks = loads(m, 6);
      endAtFrame2(m, name, (stop) => combine(tasks.map((task) => tracker.spawn$(task)), stop));
      m.expect(tasks[0]).toHaveSubscriptions('^-!');
      m.expect(tasks[1]).toHaveSubscriptions('^-!');
      for (const task of tasks.slice(2)) m.expect(task).toHaveSubscriptions([]);
      m.flush();
      expect(tracker.metrics().snapshot()).toEqual(jasmine.objectContaining({ issued: 6, started: 2, cancelled: 6, pending: 0 }));
      expect(brokenInvariants(tracker.metrics())).toEqual([]);
    }));

    it(`${name} of 3 operators sharing 2 slots, ended: the queued tasks of the others never start`, marbles((m) => {
      const tracker = semaphoreTracker(2);
      const tasks = loads(m, 6);
      const pipelines = (stop: Observable<unknown>) =>
        combine(
          [
            m.cold('(ab|)').pipe(mergeTask(tracker, (v: string) => (v === 'a' ? tasks[0] : tasks[1]))),
            m.cold('(ab|)').pipe(concatTask(tracker, (v: string) => (v === 'a' ? tasks[2] : tasks[3]))),
            m.cold('(a|)').pipe(switchTask(tracker, () => tasks[4])),
          ],
          stop,
        );
      endAtFrame2(m, name, pipelines);
      m.expect(tasks[0]).toHaveSubscriptions('^-!');
      m.expect(tasks[1]).toHaveSubscriptions('^-!');
      for (const task of tasks.slice(2)) m.expect(task).toHaveSubscriptions([]);
      m.flush();
      // concatTask's second value was never issued: it waited inside the operator.
      expect(tracker.metrics().snapshot()).toEqual(jasmine.objectContaining({ issued: 4, started: 2, cancelled: 4, pending: 0 }));
    }));
  }

  it('a queued task outside the teardown takes the freed slot at once', marbles((m) => {
    const tracker = semaphoreTracker(2);
    const tasks = loads(m, 4);
    const other = m.cold('-y|');
    m.expect(forkJoin(tasks.map((task) => tracker.spawn$(task))), '^-!').toBeObservable('---');
    m.expect(tracker.spawn$(other)).toBeObservable('---y|');
    m.expect(other).toHaveSubscriptions('--^-!');
    for (const task of tasks.slice(2)) m.expect(task).toHaveSubscriptions([]);
    m.flush();
  }));

  const schedulers: [string, () => TaskTracker][] = [
    ['PriorityScheduler', () => new TaskTracker(PriorityScheduler.withPermits(2) as TaskScheduler, quietPolicy())],
    ['a child capped by childTrackerBuilder().concurrency(2)', () => unlimitedTracker().childTrackerBuilder().concurrency(2).build()],
  ];
  for (const [name, make] of schedulers) {
    it(`holds for every scheduler: ${name}`, marbles((m) => {
      const tracker = make();
      const tasks = loads(m, 5);
      m.expect(forkJoin(tasks.map((task) => tracker.spawn$(task))), '^-!').toBeObservable('---');
      for (const task of tasks.slice(2)) m.expect(task).toHaveSubscriptions([]);
      m.flush();
      expect(tracker.metrics().snapshot()).toEqual(jasmine.objectContaining({ issued: 5, started: 2, cancelled: 5, pending: 0 }));
    }));
  }

  it('the queued tasks being torn down are cancelled, their subscribers told nothing', () => {
    const tracker = semaphoreTracker(1);
    const seen: string[] = [];
    const subscription = forkJoin([0, 1, 2].map(() => tracker.spawn$(NEVER))).subscribe({
      next: () => seen.push('next'),
      error: () => seen.push('error'),
      complete: () => seen.push('complete'),
    });
    subscription.unsubscribe();
    expect(seen).toEqual([]);
    expect(tracker.metrics().snapshot()).toEqual(jasmine.objectContaining({ issued: 3, started: 1, cancelled: 3 }));
  });
});
