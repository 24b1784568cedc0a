// What the API reference (scripts/docs.mts) is made of besides the code: the guides in
// docs/ in reading order, and the categories of the exports (each public symbol's TSDoc
// has one `@category` line naming one of them).
import { readdirSync } from 'node:fs';
import * as path from 'node:path';
import { root } from './entryPoints.js';

/** The guides in the order a reader wants them; any other guide of docs/ follows, by name. */
const ORDER = ['angular', 'pipelines', 'error-policies', 'flow-control', 'observing', 'redis', 'testing', 'from-p-queue', 'from-mergemap', 'from-cockatiel', 'faq', 'guarantees', 'performance', 'api-at-a-glance', 'rust-differences', 'architecture', 'contributing'];

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
