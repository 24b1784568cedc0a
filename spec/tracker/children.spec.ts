import { NEVER, of } from 'rxjs';
import { marbles } from 'rxjs-marbles/jasmine';
import {
  ErrorResponse,
  LogOnlyPolicy,
  SemaphoreScheduler,
  TaskTracker,
  TrackerClosedError,
  UnlimitedScheduler,
  type OnErrorPolicy,
} from '../../lib/index.js';
import { quietPolicy, semaphoreTracker, unlimitedTracker } from '../helpers/trackers.js';

describe('Child trackers', () => {
  describe('childTracker()', () => {
    it("shares the parent's scheduler: one pool of slots for parent and child", marbles((m) => {
      const root = semaphoreTracker(1);
      const child = root.childTracker();
      const inRoot = m.cold('---a|');
      const inChild = m.cold('--b|');
      const laterInRoot = m.cold('-c|');
      root.spawn(inRoot);
      child.spawn(inChild);
      root.spawn(laterInRoot);
      m.expect(inRoot).toHaveSubscriptions('^---!');
      m.expect(inChild).toHaveSubscriptions('----^--!');
      m.expect(laterInRoot).toHaveSubscriptions('-------^-!');
    }));

    it("gets errorPolicy.createChild() of the parent's policy", () => {
      const childPolicy = quietPolicy();
      const policy: OnErrorPolicy = { createChild: jasmine.createSpy('createChild').and.returnValue(childPolicy), onError: () => ErrorResponse.fail() };
      const root = new TaskTracker(new UnlimitedScheduler(), policy);
      root.childTracker();
      expect(policy.createChild).toHaveBeenCalledTimes(1);
    });

    it("gets a child of the parent's token", () => {
      const root = unlimitedTracker();
      const child = root.childTracker();
      root.cancellationToken().cancel('from root');
      expect(child.cancellationToken().isCancelled()).toBeTrue();
      expect(child.cancellationToken().reason).toBe('from root');
    });

    it('rolls its metrics up into every ancestor, and sees only its own subtree', async () => {
      const root = unlimitedTracker();
      const child = root.childTracker();
      const sibling = root.childTracker();
      root.spawn(of(1));
      child.spawn(of(2));
      child.spawn(() => Promise.reject(new Error('x')));
      sibling.spawn(NEVER).cancel();
      await root.join();
      expect(root.metrics().snapshot()).toEqual(jasmine.objectContaining({ issued: 4, success: 2, failed: 1, cancelled: 1 }));
      expect(child.metrics().snapshot()).toEqual(jasmine.objectContaining({ issued: 2, success: 1, failed: 1, cancelled: 0 }));
      expect(sibling.metrics().snapshot()).toEqual(jasmine.objectContaining({ issued: 1, success: 0, cancelled: 1 }));
    });

    it('throws TrackerClosedError on a closed parent', async () => {
      const root = unlimitedTracker();
      await root.join();
      expect(() => root.childTracker()).toThrowError(TrackerClosedError, /create a child tracker/);
    });

    it('names children by default child-<n>, with paths from the root', () => {
      const root = unlimitedTracker();
      const first = root.childTracker();
      const second = root.childTracker();
      expect(root.name).toBe('root');
      expect(first.path).toBe('root/child-1');
      expect(second.childTracker().path).toBe('root/child-2/child-1');
      expect(first.parent).toBe(root);
      expect(first._named).toBeFalse();
    });
  });

  describe('childTrackerBuilder()', () => {
    it('gives the child its own scheduler: an independent pool', marbles((m) => {
      const root = semaphoreTracker(1);
      const child = root.childTrackerBuilder().scheduler(SemaphoreScheduler.withPermits(1)).build();
      const inRoot = m.cold('---a|');
      const inChild = m.cold('--b|');
      root.spawn(inRoot);
      child.spawn(inChild);
      m.expect(inRoot).toHaveSubscriptions('^---!');
      m.expect(inChild).toHaveSubscriptions('^--!');
    }));

    it('uses a given policy as is, without createChild', async () => {
      const errors: unknown[] = [];
      const rootPolicy: OnErrorPolicy = { createChild: jasmine.createSpy('createChild'), onError: () => ErrorResponse.fail() };
      const own = new LogOnlyPolicy({ logger: (_, error) => errors.push(error) });
      const root = new TaskTracker(new UnlimitedScheduler(), rootPolicy);
      const child = root.childTrackerBuilder().errorPolicy(own).build();
      await child.spawn(() => Promise.reject(new Error('child failure'))).catch(() => {});
      expect(rootPolicy.createChild).not.toHaveBeenCalled();
      expect(errors.length).toBe(1);
    });

    it('inherits what is not set: scheduler, policy child, clock and timeout', () => {
      const root = TaskTracker.builder().scheduler(SemaphoreScheduler.withPermits(3)).errorPolicy(quietPolicy()).timeout(500).build();
      const child = root.childTrackerBuilder().name('images').build();
      expect(child.path).toBe('root/images');
      expect(child._named).toBeTrue();
      expect(child._scheduler).toBe(root._scheduler);
      expect(child._timeout).toBe(500);
      expect(root.childTrackerBuilder().timeout(20).build()._timeout).toBe(20);
    });

    it('refuses a name with a slash', () => {
      expect(() => unlimitedTracker().childTrackerBuilder().name('a/b').build()).toThrowError(TypeError, /without '\/'/);
    });
  });

  describe('childCount()', () => {
    it('counts direct children that are open or still have unsettled tasks', async () => {
      const root = unlimitedTracker();
      const idle = root.childTracker();
      const busy = root.childTracker();
      root.childTracker().childTracker(); // a grandchild is not a direct child
      expect(root.childCount()).toBe(3);
      busy.spawn(NEVER);
      await idle.join();
      expect(root.childCount()).toBe(2);
      void busy.join();
      expect(root.childCount()).toBe(2); // closed, but its task has not settled
      busy.cancel();
      expect(root.childCount()).toBe(1);
    });
  });

  it('keeps working for a parent after a child is cancelled', async () => {
    const root = unlimitedTracker();
    const child = root.childTracker();
    child.cancel();
    expect(await root.spawn(of('still here'))).toBe('still here');
    expect(root.childTracker().isClosed()).toBeFalse();
  });
});
