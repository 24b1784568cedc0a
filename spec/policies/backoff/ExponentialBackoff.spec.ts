import { ExponentialBackoff, type ExponentialBackoffOptions } from '../../../lib/index.js';
import { mulberry32 } from '../../../demos/prng.js';

/** The delays before retries 1..n, each given the previous one. */
function delays(backoff: ExponentialBackoff, n: number): number[] {
  const result: number[] = [];
  let previous: number | undefined;
  for (let retry = 1; retry <= n; retry++) result.push((previous = backoff.delay(retry, previous)));
  return result;
}

describe('ExponentialBackoff', () => {
  it('defaults to 100 ms, doubling, at most 30 s, no jitter', () => {
    const backoff = new ExponentialBackoff();
    expect(backoff.options).toEqual(jasmine.objectContaining({ initialDelay: 100, factor: 2, maxDelay: 30_000, jitter: 'none' }));
    expect(delays(backoff, 10)).toEqual([100, 200, 400, 800, 1600, 3200, 6400, 12800, 25600, 30000]);
  });

  const exact: [string, ExponentialBackoffOptions, number[]][] = [
    ['multiplies by factor and stops at maxDelay', { initialDelay: 10, factor: 2, maxDelay: 50 }, [10, 20, 40, 50, 50]],
    ['keeps a constant delay with factor 1', { initialDelay: 7, factor: 1 }, [7, 7, 7]],
    ['rounds to whole milliseconds', { initialDelay: 1, factor: 1.5 }, [1, 2, 2, 3]],
    ['stays at 0 with initialDelay 0', { initialDelay: 0, maxDelay: 0 }, [0, 0, 0]],
  ];
  for (const [what, options, expected] of exact) {
    it(what, () => expect(delays(new ExponentialBackoff(options), expected.length)).toEqual(expected));
  }

  it('never overflows into NaN for a huge retry number', () => {
    expect(new ExponentialBackoff({ initialDelay: 0 }).delay(5000)).toBe(0);
    expect(new ExponentialBackoff({ initialDelay: 1 }).delay(5000)).toBe(30_000);
  });

  it('full jitter: random() × the exponential delay', () => {
    const values = [0.5, 0.25, 0.999];
    const backoff = new ExponentialBackoff({ initialDelay: 4, jitter: 'full', random: () => values.shift()! });
    expect(delays(backoff, 3)).toEqual([2, 2, 16]);
  });

  it('decorrelated jitter: between initialDelay and 3 × the previous delay, at most maxDelay', () => {
    const values = [0, 0.999, 0.5, 0.999];
    const backoff = new ExponentialBackoff({ initialDelay: 4, maxDelay: 50, jitter: 'decorrelated', random: () => values.shift()! });
    // 4 + 0 × (12 - 4); 4 + 0.999 × (12 - 4); 4 + 0.5 × (36 - 4); min(50, 4 + 0.999 × (60 - 4))
    expect(delays(backoff, 4)).toEqual([4, 12, 20, 50]);
  });

  it('is the same for the same seeded random', () => {
    const seeded = (jitter: 'full' | 'decorrelated') => new ExponentialBackoff({ initialDelay: 4, maxDelay: 100, jitter, random: mulberry32(42) });
    expect(delays(seeded('full'), 3)).toEqual([2, 4, 14]);
    expect(delays(seeded('decorrelated'), 3)).toEqual([9, 14, 36]);
  });

  it('refuses a random() value outside [0, 1) when it is drawn', () => {
    const backoff = new ExponentialBackoff({ jitter: 'full', random: () => 1 });
    expect(() => backoff.delay(1)).toThrowError(RangeError, 'ExponentialBackoff: random() must return a number in [0, 1), got 1 (number)');
  });

  it('caps at a maxDelay as long as Number.MAX_SAFE_INTEGER ms, whatever the retry number and jitter', () => {
    for (const jitter of ['none', 'full', 'decorrelated'] as const) {
      const backoff = new ExponentialBackoff({ initialDelay: 3e9, maxDelay: Number.MAX_SAFE_INTEGER, jitter, random: () => 0.999 });
      for (const retry of [1, 10, 1000, 2 ** 30]) {
        const delay = backoff.delay(retry, Number.MAX_SAFE_INTEGER);
        expect(Number.isSafeInteger(delay)).withContext(`${jitter} ${retry}`).toBeTrue();
        expect(delay).toBeGreaterThan(0);
      }
      if (jitter === 'none') expect(backoff.delay(1000)).toBe(Number.MAX_SAFE_INTEGER);
    }
  });

  it('refuses a retry number that is not an integer >= 1', () => {
    expect(() => new ExponentialBackoff().delay(0)).toThrowError(RangeError, /retry must be an integer >= 1, got 0 \(number\)/);
  });

  describe('refuses bad options', () => {
    const where = 'new ExponentialBackoff(options): ';
    const cases: [ExponentialBackoffOptions, ErrorConstructor, string][] = [
      [{ initialDelay: -1 }, RangeError, 'initialDelay must be a number of milliseconds from 0 to 9007199254740991 (Number.MAX_SAFE_INTEGER), got -1 (number)'],
      [{ initialDelay: NaN }, RangeError, 'initialDelay must be a number of milliseconds from 0 to 9007199254740991 (Number.MAX_SAFE_INTEGER), got NaN (number)'],
      [{ initialDelay: '5' as never }, TypeError, "initialDelay must be a number of milliseconds from 0 to 9007199254740991 (Number.MAX_SAFE_INTEGER), got '5' (string)"],
      [{ factor: 0.5 }, RangeError, 'factor must be a finite number >= 1, got 0.5 (number)'],
      [{ factor: Infinity }, RangeError, 'factor must be a finite number >= 1, got Infinity (number)'],
      [{ maxDelay: Infinity }, RangeError, 'maxDelay must be a number of milliseconds from 0 to 9007199254740991 (Number.MAX_SAFE_INTEGER), got Infinity (number)'],
      [{ maxDelay: 2 ** 53 }, RangeError, 'maxDelay must be a number of milliseconds from 0 to 9007199254740991 (Number.MAX_SAFE_INTEGER), got 9007199254740992 (number)'],
      [{ initialDelay: 100, maxDelay: 50 }, RangeError, 'maxDelay must be >= initialDelay (100), got 50 (number)'],
      [{ jitter: 'ful' as never }, RangeError, "jitter must be 'none', 'full' or 'decorrelated', got 'ful' (string)"],
      [{ jitter: true as never }, TypeError, "jitter must be 'none', 'full' or 'decorrelated', got true (boolean)"],
      [{ random: 0.5 as never }, TypeError, 'random must be a function, got 0.5 (number)'],
    ];
    for (const [options, type, message] of cases) {
      it(`${type.name}: ${message}`, () => expect(() => new ExponentialBackoff(options)).toThrowError(type, where + message));
    }
  });
});
