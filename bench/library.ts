import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type * as Library from '../lib/index.js';
import type * as Operators from '../lib/operators/index.js';
import type * as Devtools from '../lib/devtools/index.js';
import { currentBuild } from './builds.js';
import type { Progress } from './rounds.js';

/** The public API of rx-task-tracker (the core and the operators), as the tracker contenders and cases use it. */
export type TrackerLibrary = typeof Library & typeof Operators & Pick<typeof Devtools, 'DevtoolsModel'>;

/**
 * Where the tracker comes from: `dist` (default) is the published build, the
 * ESM half of what `npm run build` writes (dist/esm), as users run it; `source` is
 * lib/ through tsx, whose CommonJS transform turns every cross-module import into a
 * getter call (about 35% slower).
 */
export type LibrarySource = 'dist' | 'source';

/** Which library to load. */
export interface LibraryChoice {
  /** @defaultValue `'dist'` */
  readonly source?: LibrarySource;
  /**
   * For `dist`: the dist/esm folder to load as it is. @defaultValue this
   * worktree's, rebuilt first when it is missing or older than lib/
   */
  readonly esm?: string;
  /** Told when a build runs. @defaultValue silent */
  readonly progress?: Progress;
}

let loaded: { source: LibrarySource; esm: string | undefined; library: TrackerLibrary } | undefined;

/**
 * Imports the core, the operators and `DevtoolsModel` of the ESM build in `esm`
 * (a dist/esm folder). Each folder is its own set of module instances, so two
 * builds (or two copies of one) load side by side; both import the one rxjs the
 * harness uses, which Node resolves from the worktree's node_modules.
 */
export async function importBuild(esm: string): Promise<TrackerLibrary> {
  const load = (entry: string) => import(pathToFileURL(path.join(esm, entry)).href);
  const [core, operators, devtools] = await Promise.all([load('index.js'), load('operators/index.js'), load('devtools/index.js')]);
  return { ...core, ...operators, DevtoolsModel: devtools.DevtoolsModel } as TrackerLibrary;
}

/** Loads the library the cases use (see {@link LibraryChoice}); later calls return the first one's. */
export async function loadLibrary(choice: LibraryChoice = {}): Promise<TrackerLibrary> {
  if (loaded !== undefined) return loaded.library;
  const source = choice.source ?? 'dist';
  let library: TrackerLibrary;
  let esm: string | undefined;
  if (source === 'source') {
    const [core, operators, devtools] = await Promise.all([import('../lib/index.js'), import('../lib/operators/index.js'), import('../lib/devtools/index.js')]);
    library = { ...core, ...operators, DevtoolsModel: devtools.DevtoolsModel };
  } else {
    esm = choice.esm ?? currentBuild(choice.progress);
    library = await importBuild(esm);
  }
  loaded = { source, esm, library };
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

/** The dist/esm folder the library was loaded from (`undefined` for `source`, or before {@link loadLibrary}). */
export function libraryEsm(): string | undefined {
  return loaded?.esm;
}
