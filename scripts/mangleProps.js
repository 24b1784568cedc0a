// Shortens the `_`-prefixed internal members of the built package (dist/esm and
// dist/cjs), as Preact does: `handle._tracker` ships as `handle.__l`. One name per
// member across every file and entry point of both builds, so a member written in
// one module and read in another (`tracker._policy` in handleTaskError) still
// meets. Run by scripts/build.js after tsc; the .d.ts files are left as tsc wrote
// them (internal members are stripped there, private ones keep their names, which
// only the type checker reads).
'use strict';
const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '..');
/** What esbuild renames: `_x`, never `__esModule` and tsc's other `__` helpers. */
const MANGLED = /^_[A-Za-z]/;
const MEMBER = /\b_[A-Za-z][\w$]*/g;
const IDENTIFIER = /[A-Za-z_$][\w$]*/g;

/** Every file under `dir` whose name ends with `suffix`. */
function filesUnder(dir, suffix) {
  const found = [];
  const walk = (folder) => {
    for (const entry of fs.readdirSync(folder, { withFileTypes: true })) {
      const file = path.join(folder, entry.name);
      if (entry.isDirectory()) walk(file);
      else if (entry.name.endsWith(suffix)) found.push(file);
    }
  };
  if (fs.existsSync(dir)) walk(dir);
  return found;
}

/** The files of `entry` (relative to the repository root): a file, or a folder's .d.ts (.js for a cjs folder). */
function typingsOf(entry) {
  const full = path.join(root, entry);
  if (!fs.existsSync(full)) return [];
  if (!fs.statSync(full).isDirectory()) return [full];
  return entry.endsWith('/cjs') ? filesUnder(full, '.js') : filesUnder(full, '.d.ts');
}

/**
 * The foreign classes lib/ extends, and the code or typings whose `_` members our
 * subclasses must not rename: RxJS calls `_subscribe`, `_trySubscribe`… on our
 * Observables and Subjects (its typings leave those out, its code has them).
 * Nothing else of a peer is touched by a `_` name: lib/ only calls their public
 * API, and objects we hand them (observers, the pending-tasks callback) are read
 * through public names. A new `extends` of a foreign class fails the build until
 * it is listed here.
 */
const FOREIGN_BASES = {
  Observable: 'node_modules/rxjs/dist/cjs/internal/Observable.js',
  Subject: 'node_modules/rxjs/dist/cjs/internal/Subject.js',
  Subscription: 'node_modules/rxjs/dist/cjs/internal/Subscription.js',
  Subscriber: 'node_modules/rxjs/dist/cjs/internal/Subscriber.js',
  HTMLElement: 'node_modules/typescript/lib/lib.dom.d.ts',
  AsyncResource: 'node_modules/@types/node/async_hooks.d.ts',
  // The language's: no `_` members.
  Error: undefined,
  Promise: undefined,
};

/** Fails when lib/ extends a foreign class that FOREIGN_BASES does not know. */
function checkForeignBases() {
  const unknown = [];
  for (const file of filesUnder(path.join(root, 'lib'), '.ts')) {
    const code = fs.readFileSync(file, 'utf8');
    const local = new Set([...code.matchAll(/^(?:export )?(?:abstract )?class (\w+)/gm)].map((match) => match[1]));
    const relative = new Set([...code.matchAll(/import (?:type )?\{([^}]*)\} from '\.[^']*'/g)].flatMap((match) => match[1].split(',').map((name) => name.trim().split(/\s+as\s+/).pop())));
    for (const [, base] of code.matchAll(/^\s*(?:export )?(?:abstract )?class \w+(?:<[^{]*?>)? extends (\w+)/gm)) {
      if (!local.has(base) && !relative.has(base) && !(base in FOREIGN_BASES)) unknown.push(`${path.relative(root, file)} extends ${base}`);
    }
  }
  if (unknown.length > 0) throw new Error(`mangleProps: list the foreign base classes in scripts/mangleProps.js FOREIGN_BASES: ${unknown.join('; ')}`);
}

/**
 * Members that keep their names: the `_` members of the foreign classes ours
 * extend (FOREIGN_BASES), every `_` member our own published types declare
 * visibly (`protected _drain`: a subclass may override it), and `_brand` (a value
 * made by another copy of the library must be recognised).
 */
function reservedMembers(esm) {
  checkForeignBases();
  const reserved = new Set(['_brand']);
  const visible = /^\s*(?:(?:public|protected|static|readonly|abstract|override|get|set)\s+)*(_[A-Za-z][\w$]*)\??\s*[(:;<=!]/gm;
  for (const source of Object.values(FOREIGN_BASES)) {
    if (source === undefined) continue;
    // Code: every `_` name in it; typings: the `_` members they declare (not their prose).
    const text = fs.readFileSync(path.join(root, source), 'utf8');
    for (const match of text.matchAll(source.endsWith('.d.ts') ? visible : MEMBER)) reserved.add(match[1] ?? match[0]);
  }
  for (const file of filesUnder(esm, '.d.ts')) {
    for (const [line] of fs.readFileSync(file, 'utf8').matchAll(/^.*$/gm)) {
      if (/^\s*private\b/.test(line)) continue;
      for (const match of line.matchAll(visible)) reserved.add(match[1]);
    }
  }
  return reserved;
}

/**
 * `__a`, `__b`, …, `__Z`, then three characters, and so on. The `__` prefix (as in
 * Preact's `__k`) keeps them apart from the members of a user's subclass: a field
 * `a` or `id` in `class MyTracker extends TaskTracker` must not overwrite ours.
 */
function* shortNames() {
  const first = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ$';
  const rest = `${first}0123456789_`;
  for (const a of first) yield `__${a}`;
  for (const a of first) for (const b of rest) yield `__${a}${b}`;
  for (const a of first) for (const b of rest) for (const c of rest) yield `__${a}${b}${c}`;
}

/**
 * The renaming, decided here rather than left to esbuild so that it is the same for
 * every file of both builds and avoids every name that our code, RxJS, the DOM or the
 * language's built-ins use (a short name must not land on an inherited member, say
 * a Subject's or an HTMLElement's): the most used members get the shortest names.
 * An esbuild mangle cache: member → new name, or `false` to keep it.
 */
function mangleCache(esm) {
  const reserved = reservedMembers(esm);
  const taken = new Set();
  const uses = new Map();
  for (const file of filesUnder(esm, '.js')) {
    const code = fs.readFileSync(file, 'utf8');
    for (const [name] of code.matchAll(IDENTIFIER)) taken.add(name);
    for (const [name] of code.matchAll(MEMBER)) uses.set(name, (uses.get(name) ?? 0) + 1);
  }
  // Members that objects of RxJS, the DOM, the language and AsyncResource have: ours inherit from them.
  const declared = /^\s*(?:(?:readonly|static|protected|get|set)\s+)*([A-Za-z_$][\w$]*)\??\s*[:(<]/gm;
  for (const entry of ['node_modules/rxjs/dist/types', 'node_modules/typescript/lib', 'node_modules/@types/node/async_hooks.d.ts']) {
    for (const file of typingsOf(entry)) for (const match of fs.readFileSync(file, 'utf8').matchAll(declared)) taken.add(match[1]);
  }
  for (const file of typingsOf('node_modules/rxjs/dist/cjs')) for (const match of fs.readFileSync(file, 'utf8').matchAll(/\.([A-Za-z_$][\w$]*)/g)) taken.add(match[1]);
  // An exported `_` name would be renamed in dist/cjs (`exports._x`) but not in dist/esm.
  for (const file of filesUnder(esm, '.js')) {
    const exported = /\bexport\s+(?:(?:const|let|var|function\*?|class)\s+(_[A-Za-z][\w$]*)|\{[^}]*?\b(?:as\s+)?(_[A-Za-z][\w$]*)\s*[,}])/.exec(fs.readFileSync(file, 'utf8'));
    if (exported !== null) throw new Error(`mangleProps: ${path.relative(esm, file)} exports ${exported[1] ?? exported[2]}; exported names must not start with _`);
  }
  const cache = {};
  const names = shortNames();
  const byUse = [...uses].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  for (const [member] of byUse) {
    if (reserved.has(member)) {
      cache[member] = false;
      continue;
    }
    let name;
    do name = names.next().value;
    while (taken.has(name));
    cache[member] = name;
  }
  return cache;
}

/**
 * Renames the internal members of `dist/esm` and `dist/cjs` in place (either may be
 * missing), keeping the source maps pointing at lib/. Returns the cache used.
 */
async function mangleDist(dist) {
  const { build } = require('esbuild');
  const esm = path.join(dist, 'esm');
  const cache = mangleCache(esm);
  for (const [half, format] of [['esm', 'esm'], ['cjs', 'cjs']]) {
    const dir = path.join(dist, half);
    const files = filesUnder(dir, '.js');
    if (files.length === 0) continue;
    const result = await build({
      entryPoints: files,
      outdir: dir,
      outbase: dir,
      allowOverwrite: true,
      bundle: false,
      format,
      platform: 'neutral',
      target: 'es2022',
      mangleProps: MANGLED,
      mangleCache: cache,
      sourcemap: true,
      sourcesContent: false,
      logLevel: 'warning',
    });
    // A member the cache did not name would get a name of esbuild's choosing, unchecked.
    const unplanned = Object.keys(result.mangleCache).filter((member) => !(member in cache));
    if (unplanned.length > 0) throw new Error(`mangleProps: members not in the plan: ${unplanned.join(', ')}`);
  }
  return cache;
}

module.exports = { mangleDist, reservedMembers };
