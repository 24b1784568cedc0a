// A Node process exits once its tracker has joined: no breaker, rate window or retry
// delay keeps it alive (Node only: runs fixtures/exitAfterJoin.ts in a child process).
import { spawn } from 'node:child_process';

const FIXTURE = 'spec/reliability/fixtures/exitAfterJoin.ts';

/**
 * How long the process may live after printing 'joined'. Exiting takes a few
 * milliseconds; the leak this guards against is a 20 s half-open timer or a 30 s
 * retry delay, so 2 s tells them apart on the slowest machine without being a
 * timer of its own worth waiting for.
 */
const EXIT_WITHIN_MS = 2000;
/** Starting tsx and running the fixture up to 'joined' takes about a second. */
const JOINED_WITHIN_MS = 10_000;

interface Run {
  /** Whether the fixture printed 'joined'. */
  readonly joined: boolean;
  /** The exit code; `undefined` if the process was killed for living too long. */
  readonly code: number | null | undefined;
  /** Milliseconds from 'joined' to the exit (or to the kill). */
  readonly exitAfterJoined: number | undefined;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the fixture; kills it if it has not joined in time, or lives on too long after. */
function runFixture(): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', FIXTURE], { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let joinedAt: number | undefined;
    let killed = false;
    const kill = () => {
      killed = true;
      child.kill('SIGKILL');
    };
    let deadline = setTimeout(kill, JOINED_WITHIN_MS);
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk;
      if (joinedAt === undefined && /^joined$/m.test(stdout)) {
        joinedAt = performance.now();
        clearTimeout(deadline);
        deadline = setTimeout(kill, EXIT_WITHIN_MS);
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk));
    child.on('error', (error) => {
      clearTimeout(deadline);
      reject(error);
    });
    child.on('close', (code) => {
      clearTimeout(deadline);
      resolve({
        joined: joinedAt !== undefined,
        code: killed ? undefined : code,
        exitAfterJoined: joinedAt === undefined ? undefined : performance.now() - joinedAt,
        stdout,
        stderr,
      });
    });
  });
}

describe('a process using a tracker', () => {
  it(
    'exits right after join() though a circuit opened (20 s half-open), a rate window spans a minute and a retry waited 30 s',
    async () => {
      const run = await runFixture();
      const output = `stdout: ${run.stdout}\nstderr: ${run.stderr}`;

      expect(run.joined).withContext(output).toBeTrue();
      expect(run.code).withContext(`exit code (undefined: killed ${EXIT_WITHIN_MS} ms after 'joined'); ${output}`).toBe(0);
      expect(run.exitAfterJoined).withContext(output).toBeLessThan(EXIT_WITHIN_MS);
    },
    15_000,
  );
});
