// Smoke spec of the cold bench (bench/cold/): a child process per contender on a
// few hundred tasks, and the report's verdicts on made-up figures. No time is asserted.
import * as path from 'node:path';
import { COLD_CONTENDERS } from '../../bench/cold/child.js';
import { formatCold, rotations, runNodeCold, summarizeCells, type ColdRow } from '../../bench/cold/coldBench.js';
import { builtPackage } from '../helpers/builtPackage.js';

describe('cold bench', () => {
  it('starts each round one contender later', () => {
    expect(rotations(['a', 'b', 'c'], 4)).toEqual([
      ['a', 'b', 'c'],
      ['b', 'c', 'a'],
      ['c', 'a', 'b'],
      ['a', 'b', 'c'],
    ]);
  });

  it('times each contender in a fresh process', async () => {
    // Two of them: a child process costs a second here.
    const contenders = ['floor', 'tracker'];
    expect(COLD_CONTENDERS).toEqual(jasmine.arrayContaining(contenders));
    // The published build, built once per spec run (the worktree's dist/ is left alone).
    const esm = path.join(await builtPackage(), 'dist', 'esm');
    const rows = await runNodeCold({ sizes: [200], browserSizes: [], rounds: 1, concurrency: 8, contenders, progress: () => {}, esm });
    expect(rows.map((r) => r.contender)).toEqual(contenders);
    expect(rows.every((r) => r.n === 200 && r.usPerTask.samples.length === 1 && r.usPerTask.median > 0)).toBeTrue();
    expect(rows[0].ratioToFloor).toBe(1);
  }, 180_000);

  it('says which peer is ahead of the tracker, and checks the 1M bound', () => {
    const cell = (n: number, figures: Record<string, number>): ColdRow[] =>
      summarizeCells('node', n, new Map(Object.entries(figures).map(([id, us]) => [id, [us]])));
    const rows = [
      ...cell(1000, { floor: 1, tracker: 1.2, henrygd: 1.1, fastq: 2, 'p-limit': 3, 'p-queue': 4 }),
      ...cell(1_000_000, { floor: 1, tracker: 1.1, henrygd: 1.3, fastq: 2, 'p-limit': 3, 'p-queue': 4 }),
    ];
    const report = formatCold(rows, { rounds: 1, concurrency: 8 });
    expect(report).toContain('| node, N=1k: tracker ahead of henrygd, fastq, p-limit, p-queue | 1.20 vs henrygd 1.10, fastq 2.00, p-limit 3.00, p-queue 4.00 µs/task | MISS (behind henrygd) |');
    expect(report).toMatch(/\| node, N=1M: tracker ahead of [^|]+\|[^|]+\| PASS \|/);
    expect(report).toContain('| node, N=1M: tracker ≤ 1.15× floor | 1.10× | PASS |');
  });
});
