import { takeUntil } from 'rxjs';
import { marbles } from 'rxjs-marbles/jasmine';
import { CancellationToken, isAbortError } from '../../lib/index.js';

describe('CancellationToken', () => {
  it('starts not cancelled, with no reason', () => {
    const token = new CancellationToken();
    expect(token.isCancelled()).toBeFalse();
    expect(token.reason).toBeUndefined();
  });

  it('is cancelled by cancel(), keeps the first reason and is idempotent', () => {
    const token = new CancellationToken();
    expect(token.cancel('first')).toBeTrue();
    expect(token.cancel('second')).toBeFalse();
    expect(token.isCancelled()).toBeTrue();
    expect(token.reason).toBe('first');
  });

  it('uses an AbortError DOMException as the reason when none is given', () => {
    const token = new CancellationToken();
    token.cancel();
    expect(isAbortError(token.reason)).toBeTrue();
    expect(token.reason).toBeInstanceOf(DOMException);
  });

  describe('childToken()', () => {
    it('is cancelled with its parent, carrying the parent reason', () => {
      const parent = new CancellationToken();
      const child = parent.childToken();
      const grandchild = child.childToken();
      parent.cancel('page closed');
      expect(child.isCancelled()).toBeTrue();
      expect(grandchild.isCancelled()).toBeTrue();
      expect(grandchild.reason).toBe('page closed');
    });

    it('never cancels its parent', () => {
      const parent = new CancellationToken();
      const child = parent.childToken();
      child.cancel();
      expect(child.isCancelled()).toBeTrue();
      expect(parent.isCancelled()).toBeFalse();
    });

    it('starts cancelled when the parent already is', () => {
      const parent = new CancellationToken();
      parent.cancel('gone');
      const child = parent.childToken();
      expect(child.isCancelled()).toBeTrue();
      expect(child.reason).toBe('gone');
      expect(child.cancel('again')).toBeFalse();
    });

    it('keeps its own reason when cancelled before the parent', () => {
      const parent = new CancellationToken();
      const child = parent.childToken();
      child.cancel('own');
      parent.cancel('parent');
      expect(child.reason).toBe('own');
    });

    it('tells listeners of a deep descendant without growing the stack', () => {
      const root = new CancellationToken();
      let leaf = root;
      for (let i = 0; i < 20_000; i++) leaf = leaf.childToken();
      const reasons: unknown[] = [];
      leaf.onCancel((reason) => reasons.push(reason));
      root.cancel('deep');
      expect(reasons).toEqual(['deep']);
    });
  });

  describe('signal', () => {
    it('aborts with the reason when the token is cancelled', () => {
      const token = new CancellationToken();
      const signal = token.signal;
      expect(signal.aborted).toBeFalse();
      token.cancel('stop');
      expect(signal.aborted).toBeTrue();
      expect(signal.reason).toBe('stop');
    });

    it('aborts when an ancestor is cancelled', () => {
      const parent = new CancellationToken();
      const signal = parent.childToken().childToken().signal;
      parent.cancel('parent');
      expect(signal.aborted).toBeTrue();
      expect(signal.reason).toBe('parent');
    });

    it('is born aborted for a cancelled token', () => {
      const token = new CancellationToken();
      token.cancel('late');
      expect(token.signal.aborted).toBeTrue();
      expect(token.signal.reason).toBe('late');
    });

    it('is created once', () => {
      const token = new CancellationToken();
      expect(token.signal).toBe(token.signal);
    });
  });

  describe('cancelled()', () => {
    it('resolves once the token is cancelled', async () => {
      const token = new CancellationToken();
      const order: string[] = [];
      const done = token.cancelled().then(() => order.push('resolved'));
      order.push('before');
      token.cancel();
      await done;
      expect(order).toEqual(['before', 'resolved']);
    });

    it('resolves for a token cancelled before the call', async () => {
      const token = new CancellationToken();
      token.cancel();
      await expectAsync(token.cancelled()).toBeResolved();
    });
  });

  describe('cancelled$', () => {
    it('emits once and completes when the token is cancelled', marbles((m) => {
      const token = new CancellationToken();
      m.cold('---c').subscribe(() => token.cancel());
      m.expect(token.cancelled$).toBeObservable('---(x|)', { x: undefined });
    }));

    it('emits at once for a subscriber that comes after cancellation', marbles((m) => {
      const token = new CancellationToken();
      token.cancel();
      m.expect(token.cancelled$).toBeObservable('(x|)', { x: undefined });
    }));

    it('works as a takeUntil notifier', marbles((m) => {
      const token = new CancellationToken();
      const source = m.cold('a-b-c-d|');
      m.cold('-----x').subscribe(() => token.cancel());
      m.expect(source.pipe(takeUntil(token.cancelled$))).toBeObservable('a-b-c|');
      m.expect(source).toHaveSubscriptions('^----!');
    }));
  });

  describe('onCancel()', () => {
    it('calls the listener once with the reason', () => {
      const token = new CancellationToken();
      const listener = jasmine.createSpy('listener');
      token.onCancel(listener);
      token.cancel('r');
      token.cancel('again');
      expect(listener).toHaveBeenCalledOnceWith('r');
    });

    it('calls the listener at once for a cancelled token', () => {
      const token = new CancellationToken();
      token.cancel('r');
      const listener = jasmine.createSpy('listener');
      token.onCancel(listener);
      expect(listener).toHaveBeenCalledOnceWith('r');
    });

    it('does not call a removed listener', () => {
      const parent = new CancellationToken();
      const child = parent.childToken();
      const listener = jasmine.createSpy('listener');
      const stop = child.onCancel(listener);
      stop();
      parent.cancel();
      expect(listener).not.toHaveBeenCalled();
      expect(child.isCancelled()).toBeTrue();
    });

    it('marks the whole tree cancelled before any listener runs', () => {
      const parent = new CancellationToken();
      const child = parent.childToken();
      const seen: boolean[] = [];
      parent.onCancel(() => seen.push(child.isCancelled()));
      child.onCancel(() => seen.push(parent.isCancelled()));
      parent.cancel();
      expect(seen).toEqual([true, true]);
    });

    it('runs every listener even if one throws, then rethrows the first error', () => {
      const token = new CancellationToken();
      const after = jasmine.createSpy('after');
      token.onCancel(() => {
        throw new Error('listener broke');
      });
      token.onCancel(after);
      expect(() => token.cancel()).toThrowError('listener broke');
      expect(after).toHaveBeenCalled();
      expect(token.isCancelled()).toBeTrue();
    });
  });
});
