import { got } from '../../errors/describeValue.js';

/** @internal A bound from the options: an integer ≥ 1 (≥ 0 if `zeroOk`), or the default when absent. */
export function checkCount(value: unknown, fallback: number, name: string, zeroOk: boolean): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < (zeroOk ? 0 : 1)) {
    throw new RangeError(`${name} must be an integer ≥ ${zeroOk ? 0 : 1}, got ${got(value)}`);
  }
  return value;
}
