/**
 * A seeded pseudo-random source (mulberry32): the soak prints its seed, and
 * `--seed` replays the same choices. Real timers still decide the interleaving,
 * so a replay makes the same decisions, not necessarily in the same moments.
 */
export class Random {
  private _state: number;

  constructor(seed: number) {
    this._state = seed >>> 0;
  }

  /** A number in [0, 1). An arrow function, so it can be handed out as a `random` option. */
  readonly next = (): number => {
    this._state = (this._state + 0x6d2b79f5) >>> 0;
    let t = this._state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };

  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** `true` with probability `p`. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  /** One of `items`, uniformly. */
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }

  /** One of the keys of `table`, with a probability proportional to its weight. */
  weighted<K extends string>(table: WeightTable<K>): K {
    const x = this.next() * table.total;
    const { keys, bounds } = table;
    for (let i = 0; i < keys.length - 1; i++) if (x < bounds[i]) return keys[i];
    return keys[keys.length - 1];
  }

  /** A new source seeded from this one: for a consumer whose calls depend on timing (retry jitter). */
  fork(): Random {
    return new Random(Math.floor(this.next() * 4294967296));
  }
}

/** Keys and their cumulative weights, computed once for {@link Random.weighted}. */
export interface WeightTable<K extends string> {
  readonly keys: readonly K[];
  readonly bounds: readonly number[];
  readonly total: number;
}

/** Makes a {@link WeightTable} from `{ key: weight }`. */
export function weightTable<K extends string>(weights: Readonly<Record<K, number>>): WeightTable<K> {
  const keys = Object.keys(weights) as K[];
  const bounds: number[] = [];
  let total = 0;
  for (const key of keys) bounds.push((total += weights[key]));
  return { keys, bounds, total };
}
