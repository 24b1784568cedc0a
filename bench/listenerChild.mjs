// One run for bench/listenerInstructions.mts, in plain JavaScript so that callgrind
// counts the tracker and not a TypeScript loader: `node listenerChild.mjs <dist/esm/index.js> <listener> <n>`.
// N promise tasks on a fresh root tracker (SemaphoreScheduler, 8 permits), one
// listener subscribed throughout; every handle awaited, then join().
import { pathToFileURL } from 'node:url';

const [entry, listener, n] = process.argv.slice(2);
const { LogOnlyPolicy, SemaphoreScheduler, TaskTracker } = await import(pathToFileURL(entry).href);
const root = new TaskTracker(SemaphoreScheduler.withPermits(8), new LogOnlyPolicy({ logger: () => {} }));
let received = 0;
const count = () => void received++;
const sources = { 'metrics$': root.metrics$, 'events$': root.events$, 'taskEnds$': root.taskEnds$ };
const subscription = sources[listener]?.subscribe(count);
const handles = new Array(Number(n));
for (let i = 0; i < handles.length; i++) handles[i] = root.spawn(() => Promise.resolve(i));
await Promise.all(handles);
await root.join();
subscription?.unsubscribe();
