import { spawn } from 'node:child_process';

/** Time allowed beyond the run itself: start-up, warm-up, the final join, the collections. */
const SLACK_MS = 60_000;

/**
 * Runs the soak in a child process (this script again, with `SOAK_CHILD=1`) and
 * kills it if it has not ended `seconds` plus a minute after its start. A broken
 * cancellation can spin in a synchronous loop, which nothing inside the process
 * can interrupt, and `npm test` must still end with a verdict.
 *
 * @returns The exit code: the child's, or 1 if it had to be killed.
 */
export function watch(argv: readonly string[], seconds: number): Promise<number> {
  const deadline = seconds * 1000 + SLACK_MS;
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [...process.execArgv, process.argv[1], ...argv], {
      stdio: 'inherit',
      env: { ...process.env, SOAK_CHILD: '1' },
    });
    let killed = false;
    const timer = setTimeout(() => {
      killed = true;
      child.kill('SIGKILL');
    }, deadline);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (killed) console.log(`soak: FAILED (hung: no verdict ${deadline / 1000} s after the start, killed)`);
      else if (signal !== null) console.log(`soak: FAILED (the soak process died of ${signal})`);
      resolve(killed || signal !== null ? 1 : (code ?? 1));
    });
  });
}
