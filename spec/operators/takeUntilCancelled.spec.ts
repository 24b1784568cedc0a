import { NEVER } from 'rxjs';
import { marbles } from 'rxjs-marbles/jasmine';
import { CancellationToken, type TaskTracker } from '../../lib/index.js';
import { takeUntilCancelled } from '../../lib/operators/index.js';
import { unlimitedTracker } from '../helpers/trackers.js';
import { listenerCount } from './helpers.js';

describe('takeUntilCancelled', () => {
  it('completes when the tracker is cancelled, and unsubscribes the source', marbles((m) => {
    // The TSDoc diagram.
    const tracker = unlimitedTracker();
    const source = m.cold('-1-2-3-4-|');
    m.cold('----x').subscribe(() => tracker.cancel());
    m.expect(source.pipe(takeUntilCancelled(tracker))).toBeObservable('-1-2|');
    m.expect(source).toHaveSubscriptions('^---!');
  }));

  it('completes at once, subscribing to nothing, when the tracker is cancelled already', marbles((m) => {
    const tracker = unlimitedTracker();
    tracker.cancel();
    const source = m.cold('-1|');
    m.expect(source.pipe(takeUntilCancelled(tracker))).toBeObservable('|');
    m.expect(source).toHaveSubscriptions([]);
  }));

  it('takes a token, and follows the tree: a child ends with its parent', marbles((m) => {
    const parent = new CancellationToken();
    const root = unlimitedTracker();
    const child = root.childTracker();
    m.cold('--x').subscribe(() => parent.cancel());
    m.cold('---x').subscribe(() => root.cancel());
    m.expect(m.cold('-1-2-3|').pipe(takeUntilCancelled(parent.childToken()))).toBeObservable('-1|');
    m.expect(m.cold('-1-2-3|').pipe(takeUntilCancelled(child))).toBeObservable('-1-|');
  }));

  it('goes on when the tracker is only closed by join()', marbles((m) => {
    const tracker = unlimitedTracker();
    m.cold('-x').subscribe(() => void tracker.join());
    m.expect(m.cold('-1-2|').pipe(takeUntilCancelled(tracker))).toBeObservable('-1-2|');
  }));

  it('removes its listener from the token on teardown', () => {
    const token = new CancellationToken();
    const subscription = NEVER.pipe(takeUntilCancelled(token)).subscribe();
    expect(listenerCount(token)).toBe(1);
    subscription.unsubscribe();
    expect(listenerCount(token)).toBe(0);
  });

  it('throws a TypeError when created with neither a tracker nor a token', () => {
    expect(() => takeUntilCancelled(undefined as unknown as TaskTracker)).toThrowError(
      TypeError,
      'takeUntilCancelled(trackerOrToken) needs a TaskTracker or a CancellationToken, got undefined.',
    );
    expect(() => takeUntilCancelled(new AbortController().signal as unknown as CancellationToken)).toThrowError(TypeError, /got an AbortSignal/);
  });
});
