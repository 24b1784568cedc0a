import type { ScheduledTask } from '../../lib/scheduling/TaskScheduler.js';
import { TaskSubject } from '../../lib/scheduling/TaskSubject.js';

/** Stand-ins for tasks: the subject only passes them on. */
function tasks(count: number): ScheduledTask[] {
  return Array.from({ length: count }, (_, i) => ({ id: `t${i}`, isCancelled: () => false, start: () => {}, reject: () => {} }));
}

describe('TaskSubject', () => {
  it('hands every task to an attached consumer, and none once its subscription is unsubscribed', () => {
    const subject = new TaskSubject();
    const [a, b, c] = tasks(3);
    const seen: ScheduledTask[] = [];
    const connection = subject.attach({ _offer: (task) => seen.push(task) })!;
    subject.next(a);
    subject.next(b);
    connection.unsubscribe();
    subject.next(c);
    expect(seen).toEqual([a, b]);
    expect(connection.closed).toBeTrue();
  });

  it('lets a consumer attach again after the first one let go', () => {
    const subject = new TaskSubject();
    const [a, b] = tasks(2);
    const first: ScheduledTask[] = [];
    const second: ScheduledTask[] = [];
    subject.attach({ _offer: (task) => first.push(task) })!.unsubscribe();
    subject.next(a);
    subject.attach({ _offer: (task) => second.push(task) });
    subject.next(b);
    expect(first).toEqual([]);
    expect(second).toEqual([b]);
  });

  it('takes one consumer at a time; subscribers see every task after it, and each lets go alone', () => {
    const subject = new TaskSubject();
    const [a, b, c] = tasks(3);
    const seen: string[] = [];
    const one = subject.attach({ _offer: (task) => seen.push(`one:${task.id}`) })!;
    expect(subject.attach({ _offer: () => seen.push('never') })).toBeUndefined();
    const two = subject.subscribe((task) => seen.push(`two:${task.id}`));
    const three = subject.subscribe((task) => seen.push(`three:${task.id}`));
    subject.next(a);
    two.unsubscribe();
    subject.next(b);
    one.unsubscribe();
    subject.next(c);
    three.unsubscribe();
    expect(seen).toEqual(['one:t0', 'two:t0', 'three:t0', 'one:t1', 'three:t1', 'three:t2']);
  });
});
