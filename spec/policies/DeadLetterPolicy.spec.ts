import { defer, from, lastValueFrom, of, Subject, throwError } from 'rxjs';
import { marbles } from 'rxjs-marbles/jasmine';
import {
  DeadLetterPolicy,
  FallbackPolicy,
  RetryPolicy,
  SemaphoreScheduler,
  TaskTracker,
  TrackerClosedError,
  UnlimitedScheduler,
  composePolicies,
  mergeTask,
  type DeadLetter,
} from '../../lib/index.js';
import { quietPolicy } from '../helpers/trackers.js';

const retryTwice = () => new RetryPolicy({ retries: 1, initialDelay: 1, jitter: 'none', inner: quietPolicy() });

describe('DeadLetterPolicy', () => {
  it('reports a task that failed for good, with its attempts; retry() respawns the same work on the same tracker', marbles((m) => {
    const letters: DeadLetter[] = [];
    const tracker = new TaskTracker(SemaphoreScheduler.withPermits(1), composePolicies(retryTwice(), new DeadLetterPolicy((letter) => letters.push(letter))), { name: 'uploads' });
    let up = false;
    const task = m.cold('-#', undefined, new Error('offline'));
    const work = defer(() => (up ? m.cold('-u|') : task));
    const handle = tracker.spawn(work, { priority: 3 });
    m.expect(task).toHaveSubscriptions(['^!', '--^!']);
    m.flush();
    expect(handle.status).toBe('failed');
    expect(letters.length).toBe(1);
    const [letter] = letters;
    expect(letter).toEqual(jasmine.objectContaining({ taskId: handle.id, path: 'uploads', error: new Error('offline'), attempts: 2 }));
    up = true;
    const again = letter.retry();
    expect(again).not.toBe(handle);
    expect(again.priority).toBe(3);
    m.flush();
    expect(again.status).toBe('success');
    expect(tracker.metrics().snapshot()).toEqual(jasmine.objectContaining({ issued: 2, success: 1, failed: 1 }));
  }));

  it('does not report tasks that succeeded, were rescued by a fallback, or were cancelled', async () => {
    const letters: DeadLetter[] = [];
    const dead = new DeadLetterPolicy({ next: (letter) => letters.push(letter) });
    const tracker = new TaskTracker(new UnlimitedScheduler(), composePolicies(dead, new FallbackPolicy('saved')));
    await tracker.spawn(of(1));
    expect(await tracker.spawn(throwError(() => new Error('x')))).toBe('saved');
    const never = tracker.spawn(new Subject<never>());
    never.cancel();
    await never.catch(() => {});
    expect(letters).toEqual([]);
  });

  it('reports the failures of children to the same observer, with their path, and a cancellable task retries with a new token', async () => {
    const letters = new Subject<DeadLetter>();
    const seen: DeadLetter[] = [];
    letters.subscribe((letter) => seen.push(letter));
    const root = new TaskTracker(new UnlimitedScheduler(), new DeadLetterPolicy(letters));
    const child = root.childTrackerBuilder().name('child').build();
    let runs = 0;
    const handle = child.spawnCancellable((token) => {
      runs++;
      return runs === 1 ? Promise.reject(new Error('first')) : Promise.resolve(token.isCancelled());
    });
    await handle.catch(() => {});
    expect(seen.map((l) => [l.path, l.attempts])).toEqual([['root/child', 1]]);
    expect(await seen[0].retry()).toBeFalse();
    expect(runs).toBe(2);
  });

  it('retry() on a closed tracker throws TrackerClosedError', async () => {
    const letters: DeadLetter[] = [];
    const tracker = new TaskTracker(new UnlimitedScheduler(), new DeadLetterPolicy((letter) => letters.push(letter)));
    await tracker.spawn(() => Promise.reject(new Error('x'))).catch(() => {});
    await tracker.join();
    expect(() => letters[0].retry()).toThrowError(TrackerClosedError);
  });

  it('refuses an observer that is neither a function nor has next()', () => {
    expect(() => new DeadLetterPolicy({} as never)).toThrowError(TypeError, 'new DeadLetterPolicy(observer): observer must be a function or have next(), got an object');
  });
});

describe('DeadLetterPolicy with the operators', () => {
  it('retry() runs a mergeTask task’s project again, as a task of its own', async () => {
    const letters: DeadLetter[] = [];
    const tracker = new TaskTracker(new UnlimitedScheduler(), new DeadLetterPolicy((letter) => letters.push(letter)));
    let calls = 0;
    const output = from([7]).pipe(mergeTask(tracker, (value: number) => (++calls === 1 ? Promise.reject(new Error('first')) : Promise.resolve(value * 2))));
    await lastValueFrom(output).catch(() => {});
    expect(letters.length).toBe(1);
    expect(await letters[0].retry()).toBe(14);
    expect(calls).toBe(2);
  });
});
