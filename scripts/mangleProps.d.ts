// Types of scripts/mangleProps.js, for the specs that check the built package.

/** Renames the internal members of `dist/esm` and `dist/cjs` in place; the esbuild mangle cache used. */
export function mangleDist(dist: string): Promise<Record<string, string | false>>;

/** The `_` members that keep their names, given the built `dist/esm` (its .d.ts files). */
export function reservedMembers(esm: string): Set<string>;
