/**
 * @internal The instance a config field names: the value itself, or what its
 * factory returns. Schedulers and policies are objects, never functions, so a
 * function can only be a factory.
 */
export function instanceOf<T extends object>(value: T | (() => T) | undefined): T | undefined {
  return typeof value === 'function' ? (value as () => T)() : value;
}
