import { existsSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { root } from '../../scripts/entryPoints.js';
import { anchors, markdownLines, slug, userMarkdown } from './markdown.js';

// Every relative link of README.md and docs/**/*.md resolves: the file exists, and a
// `#anchor` (in the same file or another Markdown file) names one of its headings, one
// without inline code (GitHub and TypeDoc make different anchors of those).
// Links to the web are not followed.

/** `[text](target)` and `![alt](target)`, outside inline code; the target up to a space or `)`. */
function links(text: string): string[] {
  const prose = text.replace(/`[^`]*`/g, '');
  return [...prose.matchAll(/!?\[[^\]]*\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)].map((match) => match[1]);
}

function broken(file: string): string[] {
  const problems: string[] = [];
  for (const { line, text, code } of markdownLines(file)) {
    if (code) continue;
    for (const target of links(text)) {
      if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue; // https:, mailto:…
      const [pathPart, anchor] = target.split('#', 2) as [string, string | undefined];
      const resolved = pathPart === '' ? file : path.posix.normalize(path.posix.join(path.posix.dirname(file), decodeURI(pathPart)));
      const where = `${file}:${line}: ${target}`;
      if (resolved.startsWith('..')) {
        problems.push(`${where}: points outside the package`);
        continue;
      }
      if (!existsSync(path.join(root, resolved))) {
        problems.push(`${where}: no file ${resolved}`);
        continue;
      }
      if (anchor === undefined) continue;
      if (!resolved.endsWith('.md') || statSync(path.join(root, resolved)).isDirectory()) {
        problems.push(`${where}: an anchor into a file that is not Markdown`);
        continue;
      }
      const heading = anchors(resolved).get(anchor);
      if (heading === undefined) problems.push(`${where}: no heading of ${resolved} has the anchor #${anchor}`);
      else if (heading.code) problems.push(`${where}: links to a heading with inline code, whose anchor GitHub and the API reference make differently: take the code out of the heading`);
    }
  }
  return problems;
}

describe('the links of README.md and docs/', () => {
  it('finds the guides and their links', () => {
    const files = userMarkdown();
    expect(files).toContain('README.md');
    expect(files.filter((file) => file.startsWith('docs/')).length).toBeGreaterThanOrEqual(10);
    expect(links('see [Flow control](docs/flow-control.md#pausing) and ![x](a.png "t"), not `[a](b)`')).toEqual(['docs/flow-control.md#pausing', 'a.png']);
  });

  it('makes the anchors GitHub makes', () => {
    expect(slug('Server-side rendering and stability')).toBe('server-side-rendering-and-stability');
    expect(slug('Why does `join()` close the tracker?')).toBe('why-does-join-close-the-tracker');
    expect(slug('Across processes (Redis)')).toBe('across-processes-redis');
  });

  for (const file of userMarkdown()) {
    it(`resolves every relative link of ${file}`, () => {
      expect(broken(file)).toEqual([]);
    });
  }
});
