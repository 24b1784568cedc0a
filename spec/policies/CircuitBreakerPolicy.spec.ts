import { VirtualTimeScheduler, type Observable } from 'rxjs';
import { marbles } from 'rxjs-marbles/jasmine';
import {
  CircuitBreakerPolicy,
  ErrorResponse,
  RetryPolicy,
  TaskRejectedError,
  composePolicies,
  type CircuitBreakerPolicyOptions,
  type CircuitState,
  type TaskHandle,
  type TaskTracker,
} from '../../lib/index.js';
import { MAX_TIMER_DELAY, RealTimersClock } from '../helpers/timers.js';
import { outcome, quietPolicy } from '../helpers/trackers.js';
import { policyOf, trackerWith } from './support.js';

const states: Record<string, CircuitState> = { c: 'closed', o: 'open', h: 'half-open' };

/** Spawns `task` on `tracker` at `frame`; the handle is in the returned box once spawned. */
function spawnAt(m: { scheduler: { schedule(work: () => void, delay: number): unknown } }, tracker: TaskTracker, frame: number, task: Observable<unknown>) {
  const box: { handle?: TaskHandle<unknown> } = {};
  m.scheduler.schedule(() => (box.handle = tracker.spawn(task)), frame);
  return box;
}

function rejection(handle: TaskHandle<unknown> | undefined): Promise<string | undefined> {
  return outcome(handle!).then(({ error }) => (error instanceof TaskRejectedError ? error.reason : undefined));
}

describe('CircuitBreakerPolicy', () => {
  it('opens after failureThreshold consecutive failures, half-opens after halfOpenAfter, and a probe’s success closes it', marbles((m) => {
    const breaker = new CircuitBreakerPolicy({ failureThreshold: 2, halfOpenAfter: 5 });
    const tracker = trackerWith(breaker);
    const [c, d, e, f] = [m.cold('-|'), m.cold('--|'), m.cold('-|'), m.cold('-|')];
    m.expect(breaker.state$).toBeObservable('c-o----h--c', states);
    tracker.spawn(m.cold('-#'));
    tracker.spawn(m.cold('--#'));
    const rejectedWhileOpen = spawnAt(m, tracker, 3, c);
    const probe = spawnAt(m, tracker, 8, d);
    const rejectedWhileProbing = spawnAt(m, tracker, 8, e);
    spawnAt(m, tracker, 11, f);
    m.expect(c).toHaveSubscriptions([]);
    m.expect(d).toHaveSubscriptions('--------^-!');
    m.expect(e).toHaveSubscriptions([]);
    m.expect(f).toHaveSubscriptions('-----------^!');
    m.flush();
    expect(probe.handle!.status).toBe('success');
    expect(breaker.state).toBe('closed');
    expect(tracker.metrics().snapshot()).toEqual(jasmine.objectContaining({ issued: 6, failed: 2, rejected: 2, success: 2 }));
    return Promise.all([rejection(rejectedWhileOpen.handle), rejection(rejectedWhileProbing.handle)]).then((reasons) =>
      expect(reasons).toEqual(['circuit open', 'circuit half-open: a probe task is running']),
    );
  }));

  it('opens again for another halfOpenAfter when the probe fails', marbles((m) => {
    const breaker = new CircuitBreakerPolicy({ failureThreshold: 1, halfOpenAfter: 5 });
    const tracker = trackerWith(breaker);
    m.expect(breaker.state$).toBeObservable('co----h-o----h', states);
    tracker.spawn(m.cold('-#'));
    spawnAt(m, tracker, 7, m.cold('-#'));
  }));

  it('counts consecutive failures only: a success starts the count again', marbles((m) => {
    const breaker = new CircuitBreakerPolicy({ failureThreshold: 2, halfOpenAfter: 5 });
    const tracker = trackerWith(breaker);
    m.expect(breaker.state$).toBeObservable('c---o----h', states);
    tracker.spawn(m.cold('-#'));
    tracker.spawn(m.cold('--|'));
    tracker.spawn(m.cold('---#'));
    tracker.spawn(m.cold('----#'));
  }));

  it('rejects the queued tasks without running them when it opens', marbles((m) => {
    const tracker = trackerWith(new CircuitBreakerPolicy({ failureThreshold: 1 }), 1);
    const queued = [m.cold('-|'), m.cold('-|')];
    tracker.spawn(m.cold('-#'));
    const handles = queued.map((task) => tracker.spawn(task));
    m.expect(queued[0]).toHaveSubscriptions([]);
    m.expect(queued[1]).toHaveSubscriptions([]);
    m.flush();
    expect(handles.map((h) => h.status)).toEqual(['rejected', 'rejected']);
    expect(tracker.metrics().snapshot()).toEqual(jasmine.objectContaining({ rejected: 2, failed: 1, pending: 0 }));
  }));

  it('lets the next task probe when the probe is cancelled', marbles((m) => {
    const tracker = trackerWith(new CircuitBreakerPolicy({ failureThreshold: 1, halfOpenAfter: 5 }));
    const next = m.cold('-|');
    tracker.spawn(m.cold('-#'));
    const probe = spawnAt(m, tracker, 7, m.cold('-----|'));
    m.scheduler.schedule(() => probe.handle!.cancel(), 8);
    spawnAt(m, tracker, 9, next);
    m.expect(next).toHaveSubscriptions('---------^!');
  }));

  it('ignores the errors of tasks that started before it opened', marbles((m) => {
    const breaker = new CircuitBreakerPolicy({ failureThreshold: 1, halfOpenAfter: 5 });
    const tracker = trackerWith(breaker);
    const probe = m.cold('-|');
    m.expect(breaker.state$).toBeObservable('co----h----c', states);
    tracker.spawn(m.cold('-#'));
    tracker.spawn(m.cold('---------#'));
    spawnAt(m, tracker, 10, probe);
    m.expect(probe).toHaveSubscriptions('----------^!');
  }));

  it('opens when the probe fails even if its error never reached the breaker', marbles((m) => {
    let broken = false;
    const front = policyOf(() => {
      if (broken) throw new Error('policy bug');
      return ErrorResponse.fail();
    });
    const breaker = new CircuitBreakerPolicy({ failureThreshold: 1, halfOpenAfter: 5 });
    const tracker = trackerWith(composePolicies(front, breaker), Infinity, { onPolicyError: () => {} });
    m.expect(breaker.state$).toBeObservable('co----h-o----h', states);
    tracker.spawn(m.cold('-#'));
    m.scheduler.schedule(() => (broken = true), 6);
    spawnAt(m, tracker, 7, m.cold('-#'));
  }));

  it('in front of a retry counts every attempt, and rejects a retry that would start while open', marbles((m) => {
    const policy = composePolicies(new CircuitBreakerPolicy({ failureThreshold: 2 }), new RetryPolicy({ retries: 2, initialDelay: 1, inner: quietPolicy() }));
    const task = m.cold('-#');
    const handle = trackerWith(policy).spawn(task);
    m.expect(task).toHaveSubscriptions(['^!', '--^!']);
    m.flush();
    expect(handle.status).toBe('rejected');
  }));

  it('behind a retry counts only the tasks that failed for good', marbles((m) => {
    const breaker = new CircuitBreakerPolicy({ failureThreshold: 2, halfOpenAfter: 5 });
    const tracker = trackerWith(composePolicies(new RetryPolicy({ retries: 2, initialDelay: 1, factor: 1, inner: quietPolicy() }), breaker));
    // Failures at 1, 3, 5 (for good) and 7, 9, 11 (for good).
    m.expect(breaker.state$).toBeObservable('c----------o----h', states);
    tracker.spawn(m.cold('-#'));
    spawnAt(m, tracker, 6, m.cold('-#'));
  }));

  it('shares its circuit with its children: one backend, one circuit', marbles((m) => {
    const breaker = new CircuitBreakerPolicy({ failureThreshold: 1, halfOpenAfter: 5 });
    const root = trackerWith(breaker);
    const child = root.childTracker();
    const rootTask = m.cold('-|');
    m.expect(breaker.createChild().state$).toBeObservable('co----h', states);
    child.spawn(m.cold('-#'));
    spawnAt(m, root, 2, rootTask);
    m.expect(rootTask).toHaveSubscriptions([]);
  }));

  it('times halfOpenAfter on the given scheduler, with no timer while nobody watches state$', async () => {
    const scheduler = new VirtualTimeScheduler();
    const breaker = new CircuitBreakerPolicy({ failureThreshold: 1, halfOpenAfter: 100, scheduler });
    await outcome(trackerWith(breaker).spawn(() => Promise.reject(new Error('down'))));
    expect(breaker.state).toBe('open');
    expect(scheduler.actions.length).toBe(0);
    scheduler.schedule(() => {}, 99);
    scheduler.flush();
    expect(breaker.state).toBe('open');
    scheduler.schedule(() => {}, 1);
    scheduler.flush();
    expect(breaker.state).toBe('half-open');
  });

  it('runs the half-open timer on the given scheduler while state$ is watched, and drops it on unsubscribe', async () => {
    const scheduler = new VirtualTimeScheduler();
    const breaker = new CircuitBreakerPolicy({ failureThreshold: 1, halfOpenAfter: 100, scheduler });
    await outcome(trackerWith(breaker).spawn(() => Promise.reject(new Error('down'))));
    const seen: CircuitState[] = [];
    const watching = breaker.state$.subscribe((state) => seen.push(state));
    expect(scheduler.actions.length).toBe(1);
    scheduler.flush();
    expect(scheduler.now()).toBe(100);
    expect(seen).toEqual(['open', 'half-open']);
    watching.unsubscribe();
    await outcome(trackerWith(breaker.createChild()).spawn(() => Promise.reject(new Error('still down'))));
    const again = breaker.state$.subscribe();
    expect(scheduler.actions.length).toBe(1);
    again.unsubscribe();
    expect(scheduler.actions.length).toBe(0);
  });

  it('tells a watcher of state$ the half-open move after a halfOpenAfter of 3e9 ms, on timers that fire such a delay at once', async () => {
    const virtual = new VirtualTimeScheduler();
    const scheduler = new RealTimersClock(virtual);
    const breaker = new CircuitBreakerPolicy({ failureThreshold: 1, halfOpenAfter: 3e9, scheduler });
    await outcome(trackerWith(breaker).spawn(() => Promise.reject(new Error('down'))));
    const seen: [CircuitState, number][] = [];
    const watching = breaker.state$.subscribe((state) => seen.push([state, virtual.now()]));
    virtual.flush();
    expect(seen).toEqual([
      ['open', 0],
      ['half-open', 3e9],
    ]);
    expect(scheduler.longest()).toBeLessThanOrEqual(MAX_TIMER_DELAY);
    watching.unsubscribe();
  });

  it('takes a halfOpenAfter up to Number.MAX_SAFE_INTEGER ms, and refuses a longer one naming it', () => {
    expect(new CircuitBreakerPolicy({ halfOpenAfter: Number.MAX_SAFE_INTEGER }).options.halfOpenAfter).toBe(Number.MAX_SAFE_INTEGER);
    expect(() => new CircuitBreakerPolicy({ halfOpenAfter: 2 ** 53 })).toThrowError(RangeError, /halfOpenAfter must be a number of milliseconds from 0 to 9007199254740991 \(Number\.MAX_SAFE_INTEGER\), got 9007199254740992/);
  });

  it('emits the current state to a late subscriber', async () => {
    const breaker = new CircuitBreakerPolicy({ failureThreshold: 1, halfOpenAfter: 60_000, scheduler: new VirtualTimeScheduler() });
    await outcome(trackerWith(breaker).spawn(() => Promise.reject(new Error('down'))));
    const seen: CircuitState[] = [];
    breaker.state$.subscribe((state) => seen.push(state)).unsubscribe();
    expect(seen).toEqual(['open']);
  });

  it('fills in its defaults', () => {
    expect(new CircuitBreakerPolicy().options).toEqual({ failureThreshold: 5, halfOpenAfter: 10_000, scheduler: undefined });
  });

  describe('refuses bad options', () => {
    const where = 'new CircuitBreakerPolicy(options): ';
    const cases: [unknown, ErrorConstructor, string][] = [
      [{ failureThreshold: 0 }, RangeError, 'failureThreshold must be an integer >= 1, got 0 (number)'],
      [{ failureThreshold: 2.5 }, RangeError, 'failureThreshold must be an integer >= 1, got 2.5 (number)'],
      [{ failureThreshold: '5' }, TypeError, "failureThreshold must be an integer >= 1, got '5' (string)"],
      [{ halfOpenAfter: -1 }, RangeError, 'halfOpenAfter must be a number of milliseconds from 0 to 9007199254740991 (Number.MAX_SAFE_INTEGER), got -1 (number)'],
      [{ halfOpenAfter: NaN }, RangeError, 'halfOpenAfter must be a number of milliseconds from 0 to 9007199254740991 (Number.MAX_SAFE_INTEGER), got NaN (number)'],
      [{ halfOpenAfter: Infinity }, RangeError, 'halfOpenAfter must be a number of milliseconds from 0 to 9007199254740991 (Number.MAX_SAFE_INTEGER), got Infinity (number)'],
      [{ scheduler: 'async' }, TypeError, "scheduler must be an RxJS scheduler (with now() and schedule()), got 'async' (string)"],
    ];
    for (const [options, type, message] of cases) {
      it(`${type.name}: ${message}`, () => {
        expect(() => new CircuitBreakerPolicy(options as CircuitBreakerPolicyOptions)).toThrowError(type, where + message);
      });
    }
  });
});
