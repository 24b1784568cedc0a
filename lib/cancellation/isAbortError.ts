/**
 * Whether `error` is what an aborted `fetch` (or any API that honours an
 * `AbortSignal`) throws: an error named `AbortError`.
 */
export function isAbortError(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { name?: unknown }).name === 'AbortError';
}
