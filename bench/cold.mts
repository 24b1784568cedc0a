// `npm run bench:cold` (`--help` lists the flags); the logic is in cold/cli.ts.
import { main } from './cold/cli.js';

await main(process.argv.slice(2));
