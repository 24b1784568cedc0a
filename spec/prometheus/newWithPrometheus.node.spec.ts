import { Registry } from 'prom-client';
import { Subscription, type Observable } from 'rxjs';
import { marbles } from 'rxjs-marbles/jasmine';
import { SemaphoreScheduler, type ScheduledTask, type TaskScheduler } from '../../lib/index.js';
import { newWithPrometheus } from '../../lib/prometheus/index.js';
import { quietPolicy } from '../helpers/trackers.js';
import { scrape } from './helpers.js';

describe('newWithPrometheus', () => {
  it('takes the four arguments of the Rust new_with_prometheus', () => {
    expect(newWithPrometheus.length).toBe(4);
  });

  it('creates a root tracker whose metrics are exported label-free', marbles((m) => {
    const registry = new Registry();
    const tracker = newWithPrometheus(SemaphoreScheduler.withPermits(1), quietPolicy(), registry, 'demo');
    expect(tracker.parent).toBeUndefined();
    const child = tracker.childTracker();
    const first = m.cold('--|');
    const second = m.cold('-#');
    const third = m.cold('----|');
    child.spawn(first);
    tracker.spawn(second);
    tracker.spawn(third);
    m.expect(first).toHaveSubscriptions('^-!');
    m.expect(second).toHaveSubscriptions('--^!');
    m.expect(third).toHaveSubscriptions('---^---!');
    m.flush();
    return scrape(registry).then((scraped) => {
      expect(['issued', 'success', 'failed'].map((what) => scraped.value(`demo_tasks_${what}_total`))).toEqual([3, 2, 1]);
      expect(scraped.value('demo_task_duration_seconds_sum', { outcome: 'success' })).toBeCloseTo(0.006, 9);
      expect(scraped.families.get('demo_tasks_issued_total')!.samples.map((sample) => sample.labels)).toEqual([{}]);
    });
  }));

  it('throws for a component name already in the registry, leaving no tracker connected to the scheduler', () => {
    const registry = new Registry();
    const connections: Subscription[] = [];
    const scheduler: TaskScheduler = {
      connect(tasks: Observable<ScheduledTask>) {
        const connection = tasks.subscribe();
        connections.push(connection);
        return connection;
      },
    };
    newWithPrometheus(scheduler, quietPolicy(), registry, 'demo');
    expect(() => newWithPrometheus(scheduler, quietPolicy(), registry, 'demo')).toThrowError(Error, /already has a metric named demo_tasks_issued_total/);
    expect(connections.map((connection) => connection.closed)).toEqual([false, true]);
  });

  it('registers nothing when the tracker cannot be created', () => {
    const registry = new Registry();
    expect(() => newWithPrometheus(undefined as unknown as TaskScheduler, quietPolicy(), registry, 'demo')).toThrowError(TypeError, /needs a scheduler/);
    expect(registry.getMetricsAsArray()).toEqual([]);
  });
});
