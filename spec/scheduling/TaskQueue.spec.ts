import { TaskQueue } from '../../lib/scheduling/TaskQueue.js';

describe('TaskQueue', () => {
  it('is first in, first out across growth and wrap-around', () => {
    const queue = new TaskQueue<number>();
    const out: number[] = [];
    for (let i = 0; i < 10; i++) queue.push(i);
    for (let i = 0; i < 5; i++) out.push(queue.shift()!);
    for (let i = 10; i < 100; i++) queue.push(i);
    while (queue.length > 0) out.push(queue.shift()!);
    expect(out).toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect(queue.shift()).toBeUndefined();
  });

  it('keeps only what retain() accepts, in order', () => {
    const queue = new TaskQueue<number>();
    for (let i = 0; i < 20; i++) queue.push(i);
    queue.shift();
    queue.retain((n) => n % 3 === 0);
    const out: number[] = [];
    while (queue.length > 0) out.push(queue.shift()!);
    expect(out).toEqual([3, 6, 9, 12, 15, 18]);
  });

  it('gives back the memory of a large emptied or swept backlog', () => {
    const queue = new TaskQueue<number>();
    const capacity = () => (queue as unknown as { _items: unknown[] })._items.length;
    for (let i = 0; i < 5000; i++) queue.push(i);
    queue.retain((n) => n < 10);
    expect(capacity()).toBeLessThan(64);
    for (let i = 0; i < 5000; i++) queue.push(i);
    while (queue.length > 0) queue.shift();
    expect(capacity()).toBe(16);
  });
});
