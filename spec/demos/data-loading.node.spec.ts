// Smoke test of `npm run demo`: runs the demo in a child process (Node only).
import { runTsx } from '../helpers/runTsx.js';

/** A generous limit: the demo itself takes about a second with --fast. */
const TIMEOUT_MS = 60_000;

describe('demos/data-loading', () => {
  it(
    'loads every group, cancels one halfway, prints the summary and passes its checks',
    async () => {
      const run = await runTsx('demos/data-loading.ts', ['--fast', '--seed', '7']);

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
      const run = await runTsx('demos/data-loading.ts', ['--seed', 'abc']);

      expect(run.code).toBe(2);
      expect(run.stderr).toContain('--seed must be an integer, got "abc"');
      expect(run.stderr).toContain('usage: npm run demo');
    },
    TIMEOUT_MS,
  );
});
