import { describe as describeValue, got } from '../../lib/errors/describeValue.js';
import { HOSTILE_VALUES } from '../helpers/hostileValues.js';

describe('describeValue', () => {
  const text = (name: string) => describeValue(HOSTILE_VALUES.find((hostile) => hostile.name === name)!.make());

  describe('describe()', () => {
    it('gives an error’s message, else its name, and any other value’s string form', () => {
      expect(describeValue(new Error('HTTP 500'))).toBe('HTTP 500');
      expect(describeValue(new TypeError())).toBe('TypeError');
      expect(describeValue(new DOMException('gone', 'AbortError'))).toBe('gone');
      expect(describeValue('user left')).toBe('user left');
      expect(describeValue(42)).toBe('42');
      expect(describeValue(undefined)).toBe('undefined');
    });

    it('never throws: a value that cannot be read or printed is described as such', () => {
      for (const hostile of HOSTILE_VALUES) {
        expect(typeof describeValue(hostile.make())).withContext(hostile.name).toBe('string');
      }
      expect(text('Object.create(null)')).toBe('[unprintable object]');
      expect(text('an object whose toString throws')).toBe('[unprintable object]');
      expect(text('an Error whose message getter throws')).toBe('[unprintable object]');
      expect(text('a revoked Proxy')).toBe('[unprintable object]');
      expect(text('a revoked Proxy of a function')).toBe('[unprintable function]');
      expect(text('a Proxy whose traps throw')).toBe('[unprintable object]');
      expect(text('a Symbol')).toBe('Symbol(hostile)');
      expect(text('a BigInt')).toBe('10');
    });

    it('takes the string form of a message that is not a string, or says it cannot', () => {
      expect(describeValue(Object.assign(new Error(), { message: 404 }))).toBe('404');
      expect(describeValue(Object.assign(new Error(), { message: Object.create(null) }))).toBe('[unprintable object]');
    });
  });

  describe('got()', () => {
    it('never throws: an object that cannot be looked at is an object', () => {
      for (const hostile of HOSTILE_VALUES) expect(typeof got(hostile.make())).withContext(hostile.name).toBe('string');
      expect(got(Object.create(null))).toBe('an object');
      expect(got(HOSTILE_VALUES.find((h) => h.name === 'a revoked Proxy')!.make())).toBe('an object');
      expect(got(HOSTILE_VALUES.find((h) => h.name === 'a Proxy whose traps throw')!.make())).toBe('an object');
      expect(got(Symbol('s'))).toBe('Symbol(s) (symbol)');
      expect(got(10n)).toBe('10 (bigint)');
      expect(got({ constructor: { name: Symbol('no') } })).toBe('an object');
    });
  });
});
