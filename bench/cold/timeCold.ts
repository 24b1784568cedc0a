import type { Pool } from '../contenders/Contender.js';

/**
 * One cold run, in a process (or page) that has only loaded the contender's
 * modules: creates the pool, submits `n` tasks `() => Promise.resolve(i)`, awaits
 * every handle, then the drain. Everything is timed, the pool's creation included:
 * a page that has just loaded pays for it too.
 * @returns microseconds per task.
 */
export async function timeCold(create: () => Pool, n: number, now: () => number): Promise<number> {
  const handles: PromiseLike<unknown>[] = new Array(n);
  const start = now();
  const pool = create();
  for (let i = 0; i < n; i++) handles[i] = pool.submit(() => Promise.resolve(i))!;
  await Promise.all(handles);
  await pool.drain();
  return ((now() - start) * 1000) / n;
}
