// `npm run bench:redis`: RedisSemaphoreScheduler (through a TaskTracker) side by side with
// redis-semaphore on one real redis-server (started here, as the specs do), from 1 and 4
// processes. Separate from `npm run bench` and from `npm test`: it measures time.
//
//   throughput: permits 5, 5 acquire+release loops per process (1 process: nobody waits;
//               4 processes: 20 loops contend for 5 slots), operations per second;
//   hand-off:   permits 1, 4 processes with one loop each: the gap between one holder's
//               release and the next holder's start, p50 and p99 ("wait for a free slot");
//   cost:       round trips per operation (every command the clients send) and commands
//               Redis ran per operation (INFO total_commands_processed, script steps included);
//   fairness:   of consecutive holds, the share the same process took again (1 process: 100 %).
//
// Medians of ROUNDS rounds; the contenders alternate within a round. The machine is shared:
// read the ratios.
import { fork, type ChildProcess } from 'node:child_process';
import { Redis } from 'ioredis';
import { RedisServer } from '../../spec/redis/helpers/redisServer.js';
import type { BenchWorkerConfig, BenchWorkerResult } from './worker.js';

const ROUNDS = Number(process.env.ROUNDS ?? 5);
const DURATION_MS = Number(process.env.DURATION_MS ?? 1500);
const CONTENDERS = ['tracker', 'redis-semaphore'] as const;
type Contender = (typeof CONTENDERS)[number];

class BenchWorker {
  private readonly _child: ChildProcess;
  readonly ready: Promise<void>;

  constructor(port: number) {
    this._child = fork('bench/redis/worker.ts', [String(port)], { execArgv: ['--import', 'tsx'] });
    this.ready = new Promise((resolve) => this._child.once('message', () => resolve()));
  }

  run(config: BenchWorkerConfig): Promise<BenchWorkerResult> {
    return new Promise((resolve) => {
      this._child.once('message', (message: { result: BenchWorkerResult }) => resolve(message.result));
      this._child.send(config);
    });
  }

  stop(): void {
    this._child.kill();
  }
}

interface Sample {
  opsPerSecond: number;
  roundTrips: number;
  commands: number;
  gaps: number[];
  /** Of consecutive holds, the share taken by the same process again (fair across 4: about 1/4). */
  retakes: number;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
};

async function totalCommands(admin: Redis): Promise<number> {
  const info = await admin.info('stats');
  return Number(/total_commands_processed:(\d+)/.exec(info)![1]);
}

async function measure(admin: Redis, workers: BenchWorker[], contender: Contender, permits: number, loops: number, key: string): Promise<Sample> {
  const before = await totalCommands(admin);
  const until = performance.timeOrigin + performance.now() + 200 + DURATION_MS;
  const results = await Promise.all(workers.map((w) => w.run({ contender, key, permits, loops, until })));
  const after = await totalCommands(admin);
  const ops = results.reduce((sum, r) => sum + r.ops, 0);
  const holds = results.flatMap((r, p) => r.holds.map(([acquired, released]) => ({ acquired, released, p }))).sort((a, b) => a.acquired - b.acquired);
  const gaps: number[] = [];
  let retakes = 0;
  for (let i = 1; i < holds.length; i++) {
    gaps.push(holds[i].acquired - holds[i - 1].released);
    if (holds[i].p === holds[i - 1].p) retakes++;
  }
  return {
    opsPerSecond: ops / (DURATION_MS / 1000),
    roundTrips: results.reduce((sum, r) => sum + r.roundTrips, 0) / ops,
    commands: (after - before - 1) / ops,
    gaps,
    retakes: retakes / Math.max(1, holds.length - 1),
  };
}

async function main(): Promise<void> {
  const server = await RedisServer.start();
  const admin = new Redis(server.options);
  const workers = [0, 1, 2, 3].map(() => new BenchWorker(server.port));
  await Promise.all(workers.map((w) => w.ready));
  const scenarios = [
    { name: 'throughput, 1 process', processes: 1, permits: 5, loops: 5 },
    { name: 'throughput, 4 processes', processes: 4, permits: 5, loops: 5 },
    { name: 'hand-off, 4 processes, permits 1', processes: 4, permits: 1, loops: 1 },
  ];
  const lines: string[] = [
    `Redis bench: ${ROUNDS} rounds of ${DURATION_MS} ms per cell, medians; redis-server ${(await admin.info('server')).match(/redis_version:(\S+)/)![1]} on 127.0.0.1`,
    '',
    '| scenario | contender | ops/s | ratio | p50 hand-off ms | p99 hand-off ms | round trips/op | Redis commands/op | same process again |',
    '|---|---|---:|---:|---:|---:|---:|---:|---:|',
  ];
  let keys = 0;
  for (const scenario of scenarios) {
    const samples = new Map<Contender, Sample[]>(CONTENDERS.map((c) => [c, []]));
    for (let round = 0; round < ROUNDS; round++) {
      const order = round % 2 === 0 ? CONTENDERS : [...CONTENDERS].reverse();
      for (const contender of order) {
        const sample = await measure(admin, workers.slice(0, scenario.processes), contender, scenario.permits, scenario.loops, `bench${++keys}`);
        samples.get(contender)!.push(sample);
        process.stderr.write(`${scenario.name} ${contender} round ${round + 1}: ${sample.opsPerSecond.toFixed(0)} ops/s\n`);
      }
    }
    const base = median(samples.get('redis-semaphore')!.map((s) => s.opsPerSecond));
    for (const contender of CONTENDERS) {
      const list = samples.get(contender)!;
      const ops = median(list.map((s) => s.opsPerSecond));
      const gaps = list.flatMap((s) => s.gaps);
      lines.push(
        `| ${scenario.name} | ${contender} | ${ops.toFixed(0)} | ${(ops / base).toFixed(2)}× | ` +
          `${percentile(gaps, 50).toFixed(2)} | ${percentile(gaps, 99).toFixed(2)} | ` +
          `${median(list.map((s) => s.roundTrips)).toFixed(2)} | ${median(list.map((s) => s.commands)).toFixed(1)} | ` +
          `${(100 * median(list.map((s) => s.retakes))).toFixed(0)} % |`,
      );
    }
  }
  console.log(lines.join('\n'));
  for (const worker of workers) worker.stop();
  admin.disconnect();
  await server.stop();
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
