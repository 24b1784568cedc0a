/**
 * @internal Short texts about values, for error messages that say what was
 * received ("got a Promise", "got an array") and what a task failed or was
 * cancelled with. They never throw, whatever the value: one that cannot be read
 * (a revoked Proxy, an object whose `toString` throws) is described as such, so
 * that building an error about a value can never be what breaks.
 */

/**
 * What was received, for "got …" in error messages: the value and its type for
 * primitives (`0 (number)`, `'3' (string)`, `null`), the kind for objects (`a
 * Promise`, `an array`, `an object`, `a function`).
 */
export function got(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  switch (typeof value) {
    case 'string':
      return `'${value}' (string)`;
    case 'function':
      return 'a function';
    case 'object':
      try {
        if (Array.isArray(value)) return 'an array';
        const name: unknown = (value as { constructor?: { name?: unknown } }).constructor?.name;
        if (typeof name === 'string' && name !== '' && name !== 'Object') return withArticle(name);
      } catch {
        // A Proxy whose traps throw: an object all the same.
      }
      return 'an object';
    default:
      // Any other primitive has a string form (a Symbol's through String() only).
      return `${String(value)} (${typeof value})`;
  }
}

/**
 * A short text for a cancellation reason or an error: its message, else its
 * string form; `[unprintable object]` (or `function`) for a value that throws
 * when read or turned into text.
 */
export function describe(value: unknown): string {
  if (typeof value === 'string') return value;
  try {
    const text: unknown =
      value instanceof Error || (typeof DOMException !== 'undefined' && value instanceof DOMException)
        ? value.message || value.name
        : value;
    return typeof text === 'string' ? text : String(text);
  } catch {
    return `[unprintable ${typeof value}]`;
  }
}

function withArticle(word: string): string {
  return `${/^[aeiou]/i.test(word) ? 'an' : 'a'} ${word}`;
}
