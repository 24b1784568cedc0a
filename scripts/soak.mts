// `npm run soak -- --seconds N [--seed S]`: random operations against a tree of
// trackers at scale, checking the counters after every step, and at the end that
// every handle settled once, every permit came back, nothing was left running and
// the heap returned to its baseline. Ends with `soak: ok` or `soak: FAILED (…)`.
// The logic is in soak/main.ts: an ES module importing several of the
// CommonJS-compiled .ts files would get copies separate from those they `require`.
import { main, parseArgs } from './soak/main.js';
import { watch } from './soak/watchdog.js';

const argv = process.argv.slice(2);
const args = parseArgs(argv);
// The soak runs in a child process that a watchdog kills if it hangs; bad arguments need no child.
process.exitCode = process.env.SOAK_CHILD === '1' || typeof args === 'string' ? await main(argv) : await watch(argv, args.seconds);
