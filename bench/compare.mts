// `npm run bench:compare` (`--help` lists the flags); the logic is in compare/cli.ts.
import { main } from './compare/cli.js';

await main(process.argv.slice(2));
