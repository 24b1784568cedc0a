/**
 * @internal Short texts about values, for error messages that say what was
 * received ("got a Promise", "got an array").
 */

/** The kind of `value`, with its article: `a number`, `an array`, `an Error`, `null`. */
export function typeName(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') {
    const name = (value as { constructor?: { name?: string } }).constructor?.name;
    return name && name !== 'Object' ? withArticle(name) : 'an object';
  }
  return withArticle(typeof value);
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
