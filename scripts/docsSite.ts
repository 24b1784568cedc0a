// What the API reference (scripts/docs.mts) is made of besides the code: the guides in
// docs/ in reading order, the guides another branch writes, and the categories of the
// exports (each public symbol's TSDoc has one `@category` line naming one of them).
import { existsSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { root } from './entryPoints.js';

/** The guides in the order a reader wants them; any other guide of docs/ follows, by name. */
const ORDER = ['angular', 'pipelines', 'error-policies', 'flow-control', 'observing', 'redis', 'testing', 'from-p-queue', 'from-mergemap', 'from-cockatiel', 'faq', 'guarantees', 'performance', 'api-at-a-glance', 'rust-differences', 'architecture', 'contributing'];

/**
 * Guides that the docs link to but another branch writes (package-root relative).
 * A link to one is accepted only while the file is missing; once it exists it is
 * checked like any other. Delete the entry once the guide has landed.
 */
export const WRITTEN_ELSEWHERE = ['docs/architecture.md'];

/** Those of {@link WRITTEN_ELSEWHERE} that are not there yet. */
export function missingGuides(): string[] {
  return WRITTEN_ELSEWHERE.filter((file) => !existsSync(path.join(root, file)));
}

/** Every guide of docs/ (absolute paths), in reading order. */
export function guides(): string[] {
  const rank = (name: string) => (ORDER.includes(name) ? ORDER.indexOf(name) : ORDER.length);
  return readdirSync(path.join(root, 'docs'))
    .filter((file) => file.endsWith('.md'))
    .map((file) => file.slice(0, -'.md'.length))
    .sort((a, b) => rank(a) - rank(b) || a.localeCompare(b))
    .map((name) => path.join(root, 'docs', `${name}.md`));
}

/** The categories of the exports, in the order the API reference shows them. */
export const CATEGORIES = ['Tracker', 'Tasks', 'Scheduling', 'Policies', 'Errors', 'Cancellation', 'Observing', 'Operators', 'Angular', 'Devtools', 'Testing'];
