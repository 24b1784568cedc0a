import * as angular from '../../lib/angular/index.js';

// The names of issue 11 are a contract: add freely, never rename.
describe('rx-task-tracker/angular exports', () => {
  it('has the names of the contract', () => {
    for (const name of ['provideTaskTracker', 'provideChildTaskTracker', 'injectTaskTracker', 'injectTrackerMetrics', 'holdPendingTasks'] as const) {
      expect(typeof angular[name]).withContext(name).toBe('function');
    }
    expect(Object.keys(angular).sort()).toEqual(['holdPendingTasks', 'injectTaskTracker', 'injectTrackerMetrics', 'provideChildTaskTracker', 'provideTaskTracker']);
  });
});
