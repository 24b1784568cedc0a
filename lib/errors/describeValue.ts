/**
 * @internal Short texts about values, for error messages that say what was
 * received ("got a Promise", "got an array").
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
    case 'object': {
      if (Array.isArray(value)) return 'an array';
      const name = (value as { constructor?: { name?: string } }).constructor?.name;
      return name && name !== 'Object' ? withArticle(name) : 'an object';
    }
    default:
      return `${String(value)} (${typeof value})`;
  }
}

/** A short text for a cancellation reason or an error: its message, else its string form. */
export function describe(value: unknown): string {
  if (value instanceof Error || (typeof DOMException !== 'undefined' && value instanceof DOMException)) {
    return value.message || value.name;
  }
  return String(value);
}

function withArticle(word: string): string {
  return `${/^[aeiou]/i.test(word) ? 'an' : 'a'} ${word}`;
}
