import { NEVER, of, throwError, type Observable } from 'rxjs';
import { marbles } from 'rxjs-marbles/jasmine';
import { TestScheduler } from 'rxjs/testing';
import {
  CircuitBreakerPolicy,
  LogOnlyPolicy,
  RetryPolicy,
  SemaphoreScheduler,
  TaskTracker,
  UnlimitedScheduler,
} from '../../lib/index.js';
import { recordTaskMarbles } from '../../lib/testing/index.js';

const silent = () => new LogOnlyPolicy({ logger: () => {} });

function testScheduler(): TestScheduler {
  return new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
}

describe('recordTaskMarbles', () => {
  it('gives what toHaveSubscriptions proves: two slots, a cancel at frame 5', marbles((m) => {
    const tracker = new TaskTracker(SemaphoreScheduler.withPermits(2), silent());
    const record = recordTaskMarbles(tracker);
    const a = m.cold('--a|');
    const b = m.cold('------b|');
    const c = m.cold('---c|');
    const d = m.cold('-d|');
    const ha = tracker.spawn(a);
    const hb = tracker.spawn(b);
    const hc = tracker.spawn(c);
    const hd = tracker.spawn(d); // queued behind c, cancelled before it starts
    m.cold('-----x').subscribe(() => tracker.cancel());
    m.expect(a).toHaveSubscriptions('^--!');
    m.expect(b).toHaveSubscriptions('^----!');
    m.expect(c).toHaveSubscriptions('---^-!');
    m.expect(d).toHaveSubscriptions([]);
    m.flush();
    expect(record()).toEqual({ [ha.id]: '^--!', [hb.id]: '^----!', [hc.id]: '---^-!', [hd.id]: '' });
  }));

  it('strings that toHaveSubscriptions accepts for the same tasks, whatever their outcome', () => {
    testScheduler().run(({ cold, hot, flush, expectSubscriptions }) => {
      const tracker = new TaskTracker(new UnlimitedScheduler(), silent());
      const record = recordTaskMarbles(tracker);
      const sources: Record<string, ReturnType<typeof cold>> = {
        ok: cold('--a|'),
        failed: cold('-#'),
        timedOut: cold('--------a|'),
        sameFrame: cold('(a|)'),
      };
      const running = hot('-----');
      const handles = Object.fromEntries(Object.entries(sources).map(([name, source]) => [name, tracker.spawn(source, { timeout: 4 })]));
      const late = cold('---x').subscribe(() => tracker.spawn(running as Observable<unknown>, { name: 'late' }));
      flush();
      late.unsubscribe();
      const got = record();
      expect(got[handles.ok.id]).toBe('^--!');
      expect(got[handles.failed.id]).toBe('^!');
      expect(got[handles.timedOut.id]).toBe('^---!');
      expect(got[handles.sameFrame.id]).toBe('(^!)');
      expect(got.late).toBe('---^');
      for (const [name, source] of Object.entries(sources)) expectSubscriptions(source.subscriptions).toBe(got[handles[name].id]);
      expectSubscriptions(running.subscriptions).toBe(got.late);
    });
  });

  it('keys tasks by name too, and numbers a name given again in spawn order', () => {
    testScheduler().run(({ cold, flush }) => {
      const tracker = new TaskTracker(SemaphoreScheduler.withPermits(1), silent());
      const record = recordTaskMarbles(tracker);
      const first = tracker.spawn(cold('--a|'), { name: 'load' });
      const second = tracker.spawn(cold('-b|'), { name: 'load' });
      const third = tracker.spawnCancellable(() => cold('c|'), { name: 'load' });
      const other = tracker.spawn(cold('d|'), { name: 'save' });
      flush();
      expect(record()).toEqual({
        [first.id]: '^--!',
        load: '^--!',
        [second.id]: '---^-!',
        'load#2': '---^-!',
        [third.id]: '-----^!',
        'load#3': '-----^!',
        [other.id]: '------^!',
        save: '------^!',
      });
    });
  });

  it('records the whole subtree, children made after the call included', () => {
    testScheduler().run(({ cold, flush }) => {
      const root = new TaskTracker(SemaphoreScheduler.withPermits(1), silent());
      const record = recordTaskMarbles(root);
      const child = root.childTrackerBuilder().name('images').build();
      const grandchild = child.childTracker();
      root.spawn(cold('-a|'), { name: 'root' });
      grandchild.spawn(cold('--b|'), { name: 'deep' });
      flush();
      expect(record()).toEqual(jasmine.objectContaining({ root: '^-!', deep: '--^--!' }));
    });
  });

  it('gives a retried task one span, from its first start to its end', () => {
    testScheduler().run(({ cold, flush }) => {
      const tracker = new TaskTracker(
        new UnlimitedScheduler(),
        new RetryPolicy({ retries: 1, initialDelay: 3, jitter: 'none', inner: silent() }),
      );
      const record = recordTaskMarbles(tracker);
      const source = cold('-#');
      tracker.spawn(source, { name: 'flaky' });
      flush();
      // Runs 0–1, waits 3 frames, runs again 4–5.
      expect(source.subscriptions.map((s) => [s.subscribedFrame, s.unsubscribedFrame])).toEqual([[0, 1], [4, 5]]);
      expect(record()['flaky']).toBe('^----!');
    });
  });

  it("gives '' to a task that never started: rejected, or cancelled in the queue", () => {
    testScheduler().run(({ cold, flush }) => {
      const tracker = new TaskTracker(SemaphoreScheduler.withPermits(1), silent());
      const record = recordTaskMarbles(tracker);
      const guarded = tracker.childTrackerBuilder().errorPolicy(new CircuitBreakerPolicy({ failureThreshold: 1, halfOpenAfter: 1000 })).build();
      guarded.spawn(throwError(() => new Error('down')), { name: 'fails' }).catch(() => {});
      const rejected = guarded.spawn(of(1), { name: 'rejected' }); // the circuit is open
      rejected.catch(() => {});
      tracker.spawn(NEVER, { name: 'holds' });
      tracker.spawn(cold('a|'), { name: 'queued' }).cancel();
      flush();
      expect(rejected.status).toBe('rejected');
      expect(record()).toEqual(jasmine.objectContaining({ fails: '(^!)', rejected: '', holds: '^', queued: '' }));
    });
  });

  it('costs a tracker nothing until called: no listener before', () => {
    const tracker = new TaskTracker(new UnlimitedScheduler(), silent());
    expect(tracker._ledger._root._eventListeners).toBe(0);
    recordTaskMarbles(tracker);
    expect(tracker._ledger._root._eventListeners).toBe(1);
  });

  it('refuses what is not a tracker, and a clock that is not virtual', () => {
    for (const bad of [undefined, null, {}, 'root']) {
      expect(() => recordTaskMarbles(bad as unknown as TaskTracker)).toThrowError(TypeError, /recordTaskMarbles\(tracker\) needs a TaskTracker, got /);
    }
    const tracker = new TaskTracker(new UnlimitedScheduler(), silent());
    const record = recordTaskMarbles(tracker);
    const handle = tracker.spawn(of(1));
    expect(() => record()).toThrowError(RangeError, new RegExp(`${handle.id} started at \\d+ by the tracker's clock, which is not virtual time`));
  });
});
