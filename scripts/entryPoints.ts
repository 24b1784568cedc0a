// The package's entry points, read from package.json `exports`, so that every
// check (TypeDoc, the README's code blocks, publint/attw, `npm pack`) covers an
// entry point as soon as it is added there, with nothing else to update.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';

export const root = path.resolve(import.meta.dirname ?? __dirname, '..');

/** One `exports` subpath with a module behind it (`./package.json` is not one). */
export interface EntryPoint {
  /** The subpath, e.g. `.` or `./prometheus`. */
  readonly subpath: string;
  /** What users import, e.g. `rx-task-tracker/prometheus`. */
  readonly specifier: string;
  /** Its source, relative to the package root, e.g. `lib/prometheus/index.ts`. */
  readonly source: string;
  /** The files the `import` and `require` conditions point at, relative to the package root. */
  readonly files: { readonly esmTypes: string; readonly esm: string; readonly cjsTypes: string; readonly cjs: string };
}

interface Conditions {
  readonly types?: string;
  readonly default?: string;
}

export function packageJson(): { name: string; exports: Record<string, unknown>; [key: string]: unknown } {
  return JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
}

/**
 * Every module subpath of `exports`. Each must have `import` and `require`
 * conditions with `types` and `default`, built from `lib/<subpath>/index.ts`
 * into `dist/esm` and `dist/cjs`; anything else throws, naming the subpath.
 */
export function entryPoints(): EntryPoint[] {
  const pkg = packageJson();
  const found: EntryPoint[] = [];
  for (const [subpath, target] of Object.entries(pkg.exports)) {
    // A plain file (`./devtools/panel.js`) is an asset, not a module: see assetExports().
    if (typeof target === 'string') continue;
    const { import: esm, require: cjs } = (target ?? {}) as { import?: Conditions; require?: Conditions };
    const where = `package.json exports["${subpath}"]`;
    if (!esm?.types || !esm.default || !cjs?.types || !cjs.default) {
      throw new Error(`${where} needs { import: { types, default }, require: { types, default } }, like "./prometheus"`);
    }
    const relative = (file: string) => path.posix.normalize(file);
    const match = /^dist\/esm\/(?:(.+)\/)?index\.d\.ts$/.exec(relative(esm.types));
    if (match === null) throw new Error(`${where}.import.types should be ./dist/esm/<subpath>/index.d.ts, got ${esm.types}`);
    const folder = match[1] === undefined ? '' : `${match[1]}/`;
    const entry: EntryPoint = {
      subpath,
      specifier: subpath === '.' ? pkg.name : `${pkg.name}/${subpath.slice(2)}`,
      source: `lib/${folder}index.ts`,
      files: { esmTypes: relative(esm.types), esm: relative(esm.default), cjsTypes: relative(cjs.types), cjs: relative(cjs.default) },
    };
    const expected = { esmTypes: `dist/esm/${folder}index.d.ts`, esm: `dist/esm/${folder}index.js`, cjsTypes: `dist/cjs/${folder}index.d.ts`, cjs: `dist/cjs/${folder}index.js` };
    for (const key of Object.keys(expected) as (keyof typeof expected)[]) {
      if (entry.files[key] !== expected[key]) throw new Error(`${where}: expected ./${expected[key]}, got ./${entry.files[key]}`);
    }
    if (subpath !== (folder === '' ? '.' : `./${folder.slice(0, -1)}`)) {
      throw new Error(`${where} should point into dist/*/${subpath.slice(2)}/, got ${esm.types}`);
    }
    found.push(entry);
  }
  return found;
}

/** The `exports` subpaths that are plain files (`./devtools/panel.js`), with the file each points at. */
export function assetExports(): { readonly subpath: string; readonly file: string }[] {
  return Object.entries(packageJson().exports)
    .filter((entry): entry is [string, string] => typeof entry[1] === 'string' && entry[0] !== './package.json')
    .map(([subpath, file]) => ({ subpath, file: path.posix.normalize(file) }));
}
