import { TaskMetrics } from '../../lib/index.js';

describe('TaskMetrics', () => {
  it('starts at zero', () => {
    expect(new TaskMetrics().snapshot()).toEqual({
      issued: 0,
      started: 0,
      success: 0,
      failed: 0,
      cancelled: 0,
      rejected: 0,
      active: 0,
      queued: 0,
      pending: 0,
      totalCompleted: 0,
      timedOut: 0,
      retried: 0,
      stopping: 0,
    });
  });

  it('derives pending, queued and totalCompleted from the counters', () => {
    const metrics = new TaskMetrics();
    Object.assign(metrics, { _issued: 10, _started: 6, _success: 3, _failed: 1, _cancelled: 2, _rejected: 1, _active: 2 });
    expect(metrics.totalCompleted()).toBe(7);
    expect(metrics.pending()).toBe(3);
    expect(metrics.queued()).toBe(1);
    expect(metrics.snapshot()).toEqual(jasmine.objectContaining({ totalCompleted: 7, pending: 3, queued: 1, active: 2 }));
  });
});
