// `npm run bench` / `npm run bench:quick` (`--help` lists the flags). The logic is in
// cli.ts: an ES module importing several of the CommonJS-compiled .ts files would
// get copies of them separate from those they `require` from each other.
import { main } from './cli.js';

await main(process.argv.slice(2));
