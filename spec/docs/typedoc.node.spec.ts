import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { entryPoints, root } from '../../scripts/entryPoints.js';

// `npm run docs` as it is: TypeDoc over every entry point in package.json `exports`, where any warning (a broken
// {@link}, an undocumented or unexported type the docs show) fails the build. About 6 s.
describe('npm run docs (TypeDoc)', () => {
  it('builds the API reference of every entry point without a warning', () => {
    const out = mkdtempSync(path.join(tmpdir(), 'rx-task-tracker-docs-'));
    try {
      const run = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/docs.mts', '--out', out], { cwd: root, encoding: 'utf8' });
      expect(run.status).withContext(`TypeDoc said:\n${run.stdout}${run.stderr}`).toBe(0);
      if (run.status !== 0) return;
      for (const entry of entryPoints()) {
        const page = path.join(out, 'modules', `${entry.specifier.replace(/\//g, '_')}.html`);
        expect(existsSync(page)).withContext(`a page for ${entry.specifier}`).toBeTrue();
      }
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }, 120_000);
});
