// What the command lines of `npm run bench` and `npm run bench:compare` share.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { now } from './measure.js';
import type { Progress } from './rounds.js';

/** The comma-separated items of a flag, trimmed, empty ones dropped; `undefined` when the flag is absent. */
export function list(flag: string | undefined): string[] | undefined {
  return flag?.split(',').map((s) => s.trim()).filter((s) => s !== '');
}

/** Progress to stderr, each line after the seconds since this call. */
export function stderrProgress(): Progress {
  const started = now();
  return (message) => process.stderr.write(`[${((now() - started) / 1000).toFixed(0).padStart(4)} s] ${message}\n`);
}

/** Writes `results` as JSON to `out` (its folder created if need be), and says where on stdout. */
export function writeResults(out: string, results: unknown): void {
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(out, JSON.stringify(results, null, 2) + '\n');
  process.stdout.write(`\nWrote ${path.relative(process.cwd(), out)}\n`);
}
