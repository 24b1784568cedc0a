import { marbles } from 'rxjs-marbles/jasmine';
import {
  CancellationToken,
  RetryPolicy,
  SemaphoreScheduler,
  TaskTracker,
  TriggerCancellationTokenOnError,
  composePolicies,
} from '../../lib/index.js';
import { quietPolicy } from '../helpers/trackers.js';
import { trackerWith } from './support.js';

describe('TriggerCancellationTokenOnError', () => {
  it('cancels the token with the task’s error and shuts the tracker down; the task ends failed', marbles((m) => {
    const token = new CancellationToken();
    const tracker = trackerWith(new TriggerCancellationTokenOnError(token));
    const running = m.cold('-----|');
    const error = new Error('load failed');
    tracker.spawn(running);
    const failing = tracker.spawn(m.cold('--#', {}, error));
    m.expect(running).toHaveSubscriptions('^-!');
    m.expect(token.cancelled$).toBeObservable('--(x|)', { x: undefined });
    m.flush();
    expect(token.reason).toBe(error);
    expect(failing.status).toBe('failed');
    expect(tracker.isClosed()).toBeTrue();
  }));

  it('shares the same token with its children: a child’s failure cancels it, and the parent runs on', marbles((m) => {
    const token = new CancellationToken();
    const policy = new TriggerCancellationTokenOnError(token);
    expect(policy.createChild().token).toBe(token);
    const root = trackerWith(policy);
    const child = root.childTracker();
    const rootTask = m.cold('-----|');
    root.spawn(rootTask);
    child.spawn(m.cold('-#'));
    m.expect(rootTask).toHaveSubscriptions('^----!');
    m.flush();
    expect(token.isCancelled()).toBeTrue();
    expect([root.isClosed(), child.isClosed()]).toEqual([false, true]);
  }));

  it('cancels the whole tree when the token is the root tracker’s own, the failing task still ending failed', marbles((m) => {
    const token = new CancellationToken();
    const root = TaskTracker.builder().scheduler(SemaphoreScheduler.withPermits(4)).errorPolicy(new TriggerCancellationTokenOnError(token)).cancellationToken(token).build();
    const child = root.childTracker();
    const rootTask = m.cold('-----|');
    root.spawn(rootTask);
    const failing = child.spawn(m.cold('-#'));
    m.expect(rootTask).toHaveSubscriptions('^!');
    m.flush();
    expect(failing.status).toBe('failed');
    expect(root.metrics().snapshot()).toEqual(jasmine.objectContaining({ failed: 1, cancelled: 1 }));
  }));

  it('cancels on a failure another policy decided, once the task fails for good', marbles((m) => {
    const token = new CancellationToken();
    const policy = composePolicies(new RetryPolicy({ retries: 2, initialDelay: 1, factor: 1, inner: quietPolicy() }), new TriggerCancellationTokenOnError(token));
    trackerWith(policy).spawn(m.cold('-#'));
    m.expect(token.cancelled$).toBeObservable('-----(x|)', { x: undefined });
  }));

  it('refuses a token that is not a CancellationToken with a TypeError', () => {
    expect(() => new TriggerCancellationTokenOnError(new AbortController() as never)).toThrowError(
      TypeError,
      'new TriggerCancellationTokenOnError(token): token must be a CancellationToken, got an AbortController',
    );
  });
});
