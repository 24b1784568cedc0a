// One cold sample in a fresh process: `node --import tsx bench/cold/child.mts <contender> <n> <concurrency>`.
import { runChild } from './child.js';

await runChild(process.argv.slice(2));
