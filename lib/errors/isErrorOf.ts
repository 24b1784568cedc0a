/**
 * @internal Whether `value` is an instance of `type`, or an `Error` that
 * `looksLike` accepts (one made by another copy of the library, which
 * `instanceof` misses). `false` for a value that throws when looked at (a
 * revoked Proxy): a type guard must never be what throws.
 */
export function isErrorOf(value: unknown, type: abstract new (...args: never[]) => Error, looksLike: (error: Error) => boolean): boolean {
  try {
    return value instanceof type || (value instanceof Error && looksLike(value));
  } catch {
    return false;
  }
}
