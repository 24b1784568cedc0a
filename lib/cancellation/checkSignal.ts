import { got } from '../errors/describeValue.js';

/** @internal Throws a TypeError unless `signal` is undefined or an AbortSignal (duck-typed: realms differ). */
export function checkSignal(signal: unknown, where: string): AbortSignal | undefined {
  if (signal === undefined) return undefined;
  const candidate = signal as Partial<AbortSignal> | null;
  if (typeof candidate?.addEventListener !== 'function' || typeof candidate.aborted !== 'boolean') {
    throw new TypeError(`${where}: signal must be an AbortSignal, got ${got(signal)}`);
  }
  return signal as AbortSignal;
}
