// A tiny seeded PRNG, so the fake backend's latencies and failures are the same
// on every run with the same --seed.

/** A random number generator returning floats in [0, 1). */
export type Random = () => number;

/**
 * mulberry32: a 32-bit seeded generator, good enough for a demo (not for crypto).
 *
 * @example
 * ```ts
 * const random = mulberry32(42);
 * random(); // always the same first value for seed 42
 * ```
 */
export function mulberry32(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A generator for one key under one seed (FNV-1a of the key mixed with the seed):
 * `/api/images/7` gets the same numbers whatever order requests arrive in.
 */
export function randomFor(seed: number, key: string): Random {
  let hash = 0x811c9dc5 ^ seed;
  for (let i = 0; i < key.length; i++) hash = Math.imul(hash ^ key.charCodeAt(i), 0x01000193);
  return mulberry32(hash);
}
