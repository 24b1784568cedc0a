import * as prometheus from '../../lib/prometheus/index.js';

describe('rx-task-tracker/prometheus', () => {
  it('exports exactly its public names', () => {
    expect(Object.keys(prometheus).sort()).toEqual(['PrometheusTaskMetrics', 'newWithPrometheus']);
  });
});
