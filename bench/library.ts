import { build } from 'esbuild';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type * as Library from '../lib/index.js';
import type * as Operators from '../lib/operators/index.js';
import type * as Devtools from '../lib/devtools/index.js';

/** The public API of rx-task-tracker (the core and the operators), as the tracker contenders and cases use it. */
export type TrackerLibrary = typeof Library & typeof Operators & Pick<typeof Devtools, 'DevtoolsModel'>;

/**
 * Where the tracker comes from: `bundle` (default) is lib/ compiled to one ESM
 * file by esbuild, as users run it; `source` is lib/ through tsx, whose CommonJS
 * transform turns every cross-module import into a getter call (about 20% slower);
 * `prebuilt` loads the bundle an earlier `bundle` call wrote (the cold bench's
 * child processes, which must not rebuild it).
 */
export type LibrarySource = 'bundle' | 'source' | 'prebuilt';

let loaded: { source: LibrarySource; library: TrackerLibrary } | undefined;

const root = path.resolve(path.dirname(__filename), '..');
/** Where `bundle` writes the library. */
const bundleFile = path.join(root, 'bench', 'results', 'rx-task-tracker.bench.mjs');

/** Compiles (for `bundle`) and loads the library; later calls return the first one's. */
export async function loadLibrary(source: LibrarySource = 'bundle'): Promise<TrackerLibrary> {
  if (loaded !== undefined) return loaded.library;
  let library: TrackerLibrary;
  if (source === 'source') {
    const [core, operators, devtools] = await Promise.all([import('../lib/index.js'), import('../lib/operators/index.js'), import('../lib/devtools/index.js')]);
    library = { ...core, ...operators, DevtoolsModel: devtools.DevtoolsModel };
  } else if (source === 'prebuilt') {
    library = (await import(pathToFileURL(bundleFile).href)) as TrackerLibrary;
  } else {
    const outfile = bundleFile;
    // rxjs stays external, so the harness and the tracker share one rxjs (Observable identity).
    // One bundle of both entry points, so the operators and the tracker share one copy of the core.
    const stdin = { contents: "export * from './lib/index.ts';\nexport * from './lib/operators/index.ts';\nexport { DevtoolsModel } from './lib/devtools/index.ts';\n", resolveDir: root, sourcefile: 'bench-entry.ts', loader: 'ts' as const };
    await build({ stdin, outfile, bundle: true, format: 'esm', platform: 'neutral', target: 'es2022', external: ['rxjs'], logLevel: 'error' });
    const url = pathToFileURL(outfile).href;
    library = (await import(url)) as TrackerLibrary;
  }
  loaded = { source, library };
  return library;
}

/** The loaded library. @throws Error before {@link loadLibrary}. */
export function library(): TrackerLibrary {
  if (loaded === undefined) throw new Error('bench: call loadLibrary() before using a tracker contender');
  return loaded.library;
}

/** Which library was loaded, if any. */
export function librarySource(): LibrarySource | undefined {
  return loaded?.source;
}
