// Smoke test of `npm run demo`: runs the demo in a child process (Node only).
import { spawn } from 'node:child_process';

/** A generous limit: the demo itself takes about a second with --fast. */
const TIMEOUT_MS = 60_000;

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs demos/data-loading.ts under tsx from the project root (where the specs run). */
function runDemo(args: readonly string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'demos/data-loading.ts', ...args], {
      cwd: process.cwd(),
      env: { ...process.env, NO_COLOR: '1' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('demos/data-loading', () => {
  it(
    'loads every group, cancels one halfway, prints the summary and passes its checks',
    async () => {
      const run = await runDemo(['--fast', '--seed', '7']);

      expect(run.stderr).not.toMatch(/error/i);
      expect(run.code).toBe(0);
      expect(run.stdout).toContain('Summary');
      expect(run.stdout).toMatch(/^root\/images \(cancelled\)/m);
      expect(run.stdout).toMatch(/^root\/users\s/m);
      expect(run.stdout).toContain('Backend:');
      expect(run.stdout).toContain('All checks passed.');
      expect(run.stdout).not.toMatch(/^FAIL/m);
    },
    TIMEOUT_MS,
  );

  it(
    'refuses a bad --seed with exit code 2 and the usage',
    async () => {
      const run = await runDemo(['--seed', 'abc']);

      expect(run.code).toBe(2);
      expect(run.stderr).toContain('--seed must be an integer, got "abc"');
      expect(run.stderr).toContain('usage: npm run demo');
    },
    TIMEOUT_MS,
  );
});
