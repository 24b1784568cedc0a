import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { CATEGORIES, guides } from '../../scripts/docsSite.js';
import { entryPoints, root } from '../../scripts/entryPoints.js';

// `npm run docs` as it is: TypeDoc over every entry point in package.json `exports`, where any warning (a broken
// {@link}, an undocumented or unexported type the docs show) fails the build; README.md is the front page, the guides
// of docs/ are documents, the core entry point comes first and its exports are grouped by category. About 10 s.
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
      const index = readFileSync(path.join(out, 'index.html'), 'utf8');
      expect(index).withContext('the front page is the README').toContain('Quick start');
      for (const guide of guides()) {
        const page = path.join(out, 'documents', `${path.basename(guide, '.md')}.html`);
        expect(existsSync(page)).withContext(`a page for the guide ${path.basename(guide)}`).toBeTrue();
        // A bare file name in prose (README.md) is made a link to a web site by linkify: write it as code.
        if (existsSync(page)) expect(readFileSync(page, 'utf8').match(/href="https?:\/\/[\w./-]*\.md"/g) ?? []).withContext(path.basename(guide)).toEqual([]);
      }
      expect(index.match(/href="https?:\/\/[\w./-]*\.md"/g) ?? []).withContext('README.md').toEqual([]);
      const modules = readFileSync(path.join(out, 'modules.html'), 'utf8');
      const order = entryPoints().map((entry) => modules.indexOf(`modules/${entry.specifier.replace(/\//g, '_')}.html`));
      expect(order[0]).withContext('the core entry point is listed first').toBe(Math.min(...order.filter((at) => at >= 0)));
      const core = readFileSync(path.join(out, 'modules', 'rx-task-tracker.html'), 'utf8');
      const headings = [...core.matchAll(/<h2[^>]*>([^<]+)</g)].map((match) => match[1]);
      expect(headings).withContext('the core page groups its exports by category').toEqual(CATEGORIES.filter((category) => headings.includes(category)));
      expect(headings).toEqual(jasmine.arrayContaining(['Tracker', 'Tasks', 'Scheduling', 'Policies', 'Errors', 'Cancellation', 'Observing', 'Operators']));
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }, 120_000);
});
