// Smoke test of `npx tsx demos/angular-ssr.ts`: runs the demo in a child process (Node only).
import { runTsx } from '../helpers/runTsx.js';

describe('demos/angular-ssr', () => {
  it('renders the dashboard after its loads, then without waiting for contrast, and passes its checks', async () => {
    const run = await runTsx('demos/angular-ssr.ts');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^1\. provideTaskTracker\(\): rendered in \d+ ms/m);
    expect(run.stdout).toContain('<p>3 items below minimum</p>');
    expect(run.stdout).toContain('<footer>3 of 3 loaded, 0 pending</footer>');
    expect(run.stdout).toContain('<footer>0 of 3 loaded, 3 pending</footer>');
    expect(run.stdout).toContain('All checks passed.');
    expect(run.stdout).not.toMatch(/^FAIL/m);
  }, 60_000);
});
