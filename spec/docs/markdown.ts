// The Markdown that users read: README.md and the guides in docs/, with what the
// docs specs need of it (links, headings, prose outside code).
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { root } from '../../scripts/entryPoints.js';

/** README.md and every docs/**\/*.md, package-root relative, `/`-separated. */
export function userMarkdown(): string[] {
  const found = ['README.md'];
  const walk = (dir: string) => {
    for (const entry of readdirSync(path.join(root, dir), { withFileTypes: true })) {
      const rel = `${dir}/${entry.name}`;
      if (entry.isDirectory()) {
        if (rel !== 'docs/api') walk(rel); // the generated API reference (git-ignored)
      } else if (entry.name.endsWith('.md')) found.push(rel);
    }
  };
  walk('docs');
  return found.sort();
}

export interface MarkdownLine {
  readonly line: number;
  readonly text: string;
  /** Inside a fenced code block. */
  readonly code: boolean;
}

/** The lines of a file, each marked as inside a fenced code block or not. */
export function markdownLines(file: string): MarkdownLine[] {
  let fence: string | undefined;
  return readFileSync(path.join(root, file), 'utf8')
    .split('\n')
    .map((text, i) => {
      const opener = /^\s*(`{3,}|~{3,})/.exec(text);
      const code = fence !== undefined || opener !== null;
      if (fence === undefined && opener !== null) fence = opener[1];
      else if (fence !== undefined && text.trim() === fence) fence = undefined;
      return { line: i + 1, text, code };
    });
}

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens. */
export function slug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/<[^>]+>/g, '')
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

/**
 * The anchors of a file's headings, with GitHub's `-1`, `-2`… for repeated ones, each
 * with whether its heading has inline code (GitHub keeps the code's words in the anchor,
 * TypeDoc drops them, so a link to such a heading works on one of the two only).
 */
export function anchors(file: string): Map<string, { readonly code: boolean }> {
  const seen = new Map<string, number>();
  const found = new Map<string, { readonly code: boolean }>();
  for (const { text, code } of markdownLines(file)) {
    const heading = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(text);
    if (code || heading === null) continue;
    const base = slug(heading[1]);
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    found.set(n === 0 ? base : `${base}-${n}`, { code: heading[1].includes('`') });
  }
  return found;
}
