// The `ts` code blocks of a Markdown file, and the marker that says how to check
// each (see the comment at the top of README.md, and docs/contributing.md):
//
//   <!-- check: fragment
//   declare const ids$: Observable<number>;
//   -->
//   ```ts
//
// A marker is an HTML comment ending on the line right above the fence. Its first
// line holds words: `fragment` (the block uses names it does not declare: the
// marker's other lines, a prelude of imports and `declare`s, come first), `run`
// (also run it under Node, with `rx-task-tracker` imports going to lib/), `spec`
// (it is a Jasmine spec file: its `it`s join the Node spec run), `skip` followed
// by the reason (not checked at all). No marker: the block is a whole module and
// is type-checked as it is.
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { entryPoints, root } from '../../scripts/entryPoints.js';

export interface CodeBlock {
  /** The Markdown file, relative to the package root. */
  readonly file: string;
  /** The line of the opening fence (1-based). */
  readonly line: number;
  readonly code: string;
  /** Imports and declarations the block assumes, from its marker. */
  readonly prelude: string;
  /** The line the prelude starts on (its marker's second line). */
  readonly preludeLine: number;
  readonly run: boolean;
  /** A Jasmine spec file, run inside the Node spec run. */
  readonly spec: boolean;
  /** Why the block is not checked; `undefined` when it is. */
  readonly skip: string | undefined;
  /** A problem with the marker itself. */
  readonly markerError: string | undefined;
}

const WORDS = new Set(['fragment', 'run', 'spec', 'skip']);

/** The Markdown files whose blocks are checked: the READMEs and the guides in docs/. */
export const MARKDOWN_FILES = [
  'README.md',
  'bench/README.md',
  ...readdirSync(path.join(root, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .sort()
    .map((name) => `docs/${name}`),
];

/** Every ```ts (or ```typescript) block of `file` with its marker. */
export function codeBlocks(file: string): CodeBlock[] {
  const lines = readFileSync(path.join(root, file), 'utf8').split('\n');
  const blocks: CodeBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const fence = /^(\s*)(`{3,})\s*(\w*)/.exec(lines[i]);
    if (fence === null) continue;
    let end = i + 1;
    while (end < lines.length && lines[end].trim() !== fence[2]) end++;
    if (fence[3] === 'ts' || fence[3] === 'typescript') {
      const code = lines.slice(i + 1, end).map((line) => line.slice(fence[1].length)).join('\n');
      blocks.push({ file, line: i + 1, code, ...marker(lines, i) });
    }
    i = end;
  }
  return blocks;
}

function marker(lines: string[], fence: number): Pick<CodeBlock, 'prelude' | 'preludeLine' | 'run' | 'spec' | 'skip' | 'markerError'> {
  const none = { prelude: '', preludeLine: fence + 1, run: false, spec: false, skip: undefined, markerError: undefined };
  if (!lines[fence - 1]?.trimEnd().endsWith('-->')) return none;
  let start = fence - 1;
  while (start >= 0 && !lines[start].includes('<!--')) start--;
  const open = /^\s*<!--\s*check:(.*)$/.exec(lines[start] ?? '');
  if (open === null) return none; // some other comment
  const comment = lines.slice(start, fence).join('\n');
  const body = comment.slice(comment.indexOf('check:') + 'check:'.length, comment.lastIndexOf('-->'));
  const [head, ...rest] = body.split('\n');
  const words = head.trim().split(/\s+/).filter(Boolean);
  const skipAt = words.indexOf('skip');
  const known = skipAt < 0 ? words : words.slice(0, skipAt + 1);
  const unknown = known.filter((word) => !WORDS.has(word));
  let markerError: string | undefined;
  if (unknown.length > 0) markerError = `unknown word(s) ${unknown.map((w) => `'${w}'`).join(', ')} in <!-- check: … --> (known: fragment, run, spec, skip <reason>)`;
  else if (skipAt >= 0 && words.length === skipAt + 1) markerError = '<!-- check: skip --> needs a reason after skip';
  else if (rest.join('').trim() !== '' && !words.includes('fragment')) markerError = 'a <!-- check: … --> with a prelude must say fragment';
  else if (words.includes('run') && words.includes('spec')) markerError = 'run and spec exclude each other: a spec is run by Jasmine';
  return {
    prelude: rest.join('\n'),
    preludeLine: start + 2,
    run: words.includes('run'),
    spec: words.includes('spec'),
    skip: skipAt >= 0 ? words.slice(skipAt + 1).join(' ') || 'no reason given' : undefined,
    markerError,
  };
}

/** The block as a module: prelude, code, and `export {}` so that each block has its own scope. */
export function moduleText(block: CodeBlock): string {
  return `${block.prelude}\n${block.code}\nexport {};\n`;
}

/** Where line `line` (0-based) of {@link moduleText} comes from, as `file:line`. */
export function sourceLine(block: CodeBlock, line: number): string {
  const preludeLines = block.prelude.split('\n').length;
  return line < preludeLines ? `${block.file}:${block.preludeLine + line} (the marker's prelude)` : `${block.file}:${block.line + 1 + line - preludeLines}`;
}

/** The block as a file of its own: {@link moduleText} with the package's own imports going to lib/. */
export function runnableText(block: CodeBlock): string {
  let text = moduleText(block);
  for (const [specifier, source] of ownSpecifiers()) text = text.replaceAll(`'${specifier}'`, `'${source}'`);
  return text;
}

/** The package's own specifiers (`rx-task-tracker`, `rx-task-tracker/prometheus`…) mapped to their sources in lib/. */
export function ownSpecifiers(): Map<string, string> {
  return new Map(entryPoints().map((entry) => [entry.specifier, path.join(root, entry.source)]));
}
