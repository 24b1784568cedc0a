import { readFileSync } from 'node:fs';
import * as node from '../../lib/node/index.js';

describe('rx-task-tracker/node', () => {
  it('exports exactly its public names', () => {
    expect(Object.keys(node).sort()).toEqual(['AsyncContextScheduler']);
  });

  it('is exported as rx-task-tracker/node (ESM, CJS, types)', () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { exports: Record<string, unknown> };
    expect(pkg.exports['./node']).toEqual({
      import: { types: './dist/esm/node/index.d.ts', default: './dist/esm/node/index.js' },
      require: { types: './dist/cjs/node/index.d.ts', default: './dist/cjs/node/index.js' },
    });
  });
});
