// Profiles one contender (see profiler.ts for the modes and flags), e.g.
//   node --expose-gc --import tsx bench/profile.mts --mode cpu --contender tracker --n 1000000
import { main } from './profiler.js';

await main(process.argv.slice(2));
