// Bundles a browser entry of the demos with esbuild at start-up (rxjs and the
// library included), into node_modules/.cache (git-ignored), and returns the file.
import { build } from 'esbuild';
import * as path from 'node:path';

const root = path.resolve(__dirname, '..', '..');

/** Bundles `entry` (a path from the project root) to one IIFE file; returns its path. */
export async function bundle(entry: string, name: string): Promise<string> {
  const outfile = path.join(root, 'node_modules', '.cache', 'rx-task-tracker-demos', `${name}.js`);
  await build({ entryPoints: [path.join(root, entry)], bundle: true, format: 'iife', target: 'es2020', sourcemap: 'inline', outfile, logLevel: 'warning' });
  return outfile;
}

/** The page `devtoolsHandler` serves, built from lib/ (what `npm run build` puts at dist/devtools/panel.js). */
export function panelBundle(): Promise<string> {
  return bundle('lib/devtools/page/panel.ts', 'devtools-panel');
}
