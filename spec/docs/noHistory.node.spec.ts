import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { root } from '../../scripts/entryPoints.js';
import { userMarkdown } from './markdown.js';

// What users read speaks of the library, never of how the work on it was organised:
// no issue numbers and no words about sessions, rounds or merges in README.md, the
// guides of docs/ and the TSDoc (and comments) of lib/. CHANGELOG.md says what changed
// and when, without issue numbers. A reference to another project's issue
// (`nodejs/node#55351`) and a `#2` in code are fine.

interface Rule {
  readonly what: string;
  readonly pattern: RegExp;
}

const ISSUE_NUMBERS: Rule[] = [
  { what: 'an issue number', pattern: /\bissues?\s*#?\d+/i },
  { what: 'a #N reference', pattern: /(^|[\s(\[,;])#\d+\b/ },
];

const HISTORY: Rule[] = [
  { what: 'a session of work', pattern: /\b(this|last|previous|earlier|next|that|one|a)\s+session\b|\bsessions?\s+(ago|before|of work)\b/i },
  { what: 'a round of work', pattern: /\b(this|last|previous|earlier|next|that)\s+round\b(?!\s+trips?)|\brounds?\s+of\s+work\b/i },
  { what: 'the landed main', pattern: /\blanded\b|\bthe\s+landed\s+main\b/i },
  { what: 'a merge of branches', pattern: /\b(after|before|since)\s+the\s+merge\b|\bmerged\s+(branch|main)\b/i },
  { what: 'the issue or its targets', pattern: /\bthe\s+issue('s)?\b(?!\s+times?\b)|\bissue's\b/i },
  { what: 'work history', pattern: /\bbefore\s+this\s+(work|change|session)\b|\bthis\s+session's\b/i },
  { what: 'a file users do not have', pattern: /dynamo-tracker-semantics\.md/ },
];

/** Text outside inline code spans and fenced blocks, line by line (code may name `#2`). */
function proseLines(file: string): { line: number; text: string }[] {
  let fence: string | undefined;
  const isMarkdown = file.endsWith('.md');
  return readFileSync(path.join(root, file), 'utf8')
    .split('\n')
    .map((text, i) => {
      if (isMarkdown) {
        const opener = /^\s*(`{3,}|~{3,})/.exec(text);
        if (fence === undefined && opener !== null) {
          fence = opener[1];
          return { line: i + 1, text: '' };
        }
        if (fence !== undefined) {
          if (text.trim() === fence) fence = undefined;
          return { line: i + 1, text: text.replace(/#\d+/g, '') }; // code keeps its words, not its #N
        }
      }
      return { line: i + 1, text: text.replace(/`[^`]*`/g, '``').replace(/\b[\w.-]+\/[\w.-]+#\d+/g, 'owner/repo#N') };
    });
}

function findings(file: string, rules: Rule[]): string[] {
  const found: string[] = [];
  for (const { line, text } of proseLines(file)) {
    for (const rule of rules) {
      const match = rule.pattern.exec(text);
      if (match !== null) found.push(`${file}:${line}: ${rule.what}: "${match[0].trim()}" in: ${text.trim()}`);
    }
  }
  return found;
}

function libFiles(dir = 'lib'): string[] {
  return readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const rel = `${dir}/${entry.name}`;
    return entry.isDirectory() ? libFiles(rel) : entry.name.endsWith('.ts') ? [rel] : [];
  });
}

describe('the user docs', () => {
  it('catch what they should', () => {
    const hits = (text: string, rules: Rule[]) => rules.filter((rule) => rule.pattern.test(text)).map((rule) => rule.what);
    expect(hits("meets issue 10's targets", ISSUE_NUMBERS)).toEqual(['an issue number']);
    expect(hits('fixed (see #42)', ISSUE_NUMBERS)).toEqual(['a #N reference']);
    expect(hits('name#2, then name#3', ISSUE_NUMBERS)).toEqual([]);
    expect(hits('before this session, after the merge', HISTORY)).toEqual(['a session of work', 'a merge of branches', 'work history']);
    expect(hits('medians of 5 rounds; the merge of two streams; the next round trip; the issue time of a task', HISTORY)).toEqual([]);
  });

  const files = [...userMarkdown(), ...libFiles()];
  for (const file of files) {
    it(`${file} has no issue numbers and no work history`, () => {
      expect(findings(file, [...ISSUE_NUMBERS, ...HISTORY])).toEqual([]);
    });
  }

  it('CHANGELOG.md has no issue numbers', () => {
    expect(findings('CHANGELOG.md', ISSUE_NUMBERS)).toEqual([]);
  });
});
