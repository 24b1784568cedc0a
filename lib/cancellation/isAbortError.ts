/**
 * Whether `error` is what an aborted `fetch` (or any API that honours an
 * `AbortSignal`) throws: an error named `AbortError`.
 * @category Cancellation
 */
export function isAbortError(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  try {
    return (error as { name?: unknown }).name === 'AbortError';
  } catch {
    // A value that cannot be read (a revoked Proxy, a throwing getter) is not one.
    return false;
  }
}
