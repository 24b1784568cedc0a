import { marbles } from 'rxjs-marbles/jasmine';
import { CancelOnError, FailedWithContinuation, TaskTimeoutError } from '../../lib/index.js';
import { trackerWith } from './support.js';

describe('CancelOnError', () => {
  it('shuts the tracker down on any error when made without patterns', marbles((m) => {
    const tracker = trackerWith(new CancelOnError());
    const running = m.cold('------|');
    tracker.spawn(running);
    const failing = tracker.spawn(m.cold('--#'));
    m.expect(running).toHaveSubscriptions('^-!');
    m.flush();
    expect(failing.status).toBe('failed');
    expect(tracker.isClosed()).toBeTrue();
  }));

  it('fails the task and goes on for an error that matches no pattern, shuts down for one that matches', marbles((m) => {
    const tracker = trackerWith(CancelOnError.withPatterns(['fatal']));
    const running = m.cold('--------|');
    tracker.spawn(running);
    const harmless = tracker.spawn(m.cold('--#', {}, new Error('timeout')));
    const fatal = tracker.spawn(m.cold('------#', {}, new Error('fatal: disk full')));
    m.expect(running).toHaveSubscriptions('^-----!');
    m.flush();
    expect([harmless.status, fatal.status]).toEqual(['failed', 'failed']);
    expect(tracker.metrics().snapshot()).toEqual(jasmine.objectContaining({ failed: 2, cancelled: 1 }));
  }));

  describe('matches', () => {
    const cases: [string, (string | RegExp)[], unknown, boolean][] = [
      ['a substring anywhere in the message', ['disk'], new Error('fatal: disk full'), true],
      ['case-sensitively', ['Fatal'], new Error('fatal: disk full'), false],
      ['any one of several patterns', ['nope', 'full'], new Error('fatal: disk full'), true],
      ['a RegExp', [/^EACC/], new Error('EACCES: permission denied'), true],
      ['a RegExp that must match', [/^EACC/], new Error('not EACCES'), false],
      ['the message only, not the cause', ['root cause'], new Error('outer', { cause: new Error('root cause') }), false],
      ['the string form of a value that is not an Error', ['fatal'], 'fatal string', true],
      ['a timeout by its message', ['timed out'], new TaskTimeoutError('task-1', 50), true],
      ['a refused continuation by its message', ['primary'], FailedWithContinuation.fromFn(new Error('primary down'), () => 1), true],
    ];
    for (const [what, patterns, error, fatal] of cases) {
      it(`${fatal ? '' : 'not '}${what}`, () => expect(CancelOnError.withPatterns(patterns).isFatal(error)).toBe(fatal));
    }

    it('a global RegExp the same way every time (no lastIndex carried over)', () => {
      const policy = CancelOnError.withPatterns([/disk/g]);
      expect([1, 2, 3].map(() => policy.isFatal(new Error('disk full')))).toEqual([true, true, true]);
    });
  });

  it('makes children with the same patterns that shut down their own tracker, never the parent', marbles((m) => {
    const policy = CancelOnError.withPatterns(['fatal']);
    expect((policy.createChild() as CancelOnError).patterns).toEqual(['fatal']);
    const root = trackerWith(policy);
    const child = root.childTracker();
    const rootTask = m.cold('-----|');
    root.spawn(rootTask);
    child.spawn(m.cold('-#', {}, new Error('fatal')));
    m.expect(rootTask).toHaveSubscriptions('^----!');
    m.flush();
    expect([root.isClosed(), child.isClosed()]).toEqual([false, true]);
  }));

  describe('refuses bad patterns', () => {
    const where = 'CancelOnError.withPatterns(patterns): ';
    const cases: [unknown, ErrorConstructor, string][] = [
      [[], RangeError, 'patterns must not be empty (use new CancelOnError() to shut down on every error), got []'],
      ['fatal', TypeError, "patterns must be an array of strings and RegExps, got 'fatal' (string)"],
      [[42], TypeError, 'patterns[0] must be a string or a RegExp, got 42 (number)'],
      [['ok', ''], RangeError, "patterns[1] must not be empty (it would match every error), got ''"],
    ];
    for (const [patterns, type, message] of cases) {
      it(`${type.name}: ${message}`, () => expect(() => CancelOnError.withPatterns(patterns as string[])).toThrowError(type, where + message));
    }
  });
});
