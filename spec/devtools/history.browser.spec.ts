// Issue 16: trackers hold their children weakly, so `tree()` loses a child the
// garbage collector took; the panel keeps its row, final counts and failures.
// Karma launches Chromium with --js-flags=--expose-gc for this spec.
import { Subject, of } from 'rxjs';
import { type TaskTracker } from '../../lib/index.js';
import { defineTaskTrackerDevtools, type TaskTrackerDevtoolsElement } from '../../lib/devtools/index.js';
import { semaphoreTracker } from '../helpers/trackers.js';

declare const gc: (() => void) | undefined;

const macrotask = () => new Promise((resolve) => setTimeout(resolve, 0));
const nextFrame = () => new Promise<void>((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));

/** Starts work on two children and keeps no reference to either: `loads` (5 successes, 2 failures) and `images` (cancelled). */
function startAndForget(root: TaskTracker): Promise<unknown> {
  const loads = root.childTrackerBuilder().name('loads').build();
  const images = root.childTrackerBuilder().name('images').build();
  const settled: Promise<unknown>[] = [];
  for (let i = 0; i < 5; i++) settled.push(loads.spawn(() => Promise.resolve(i)).then(() => 0));
  for (const status of [500, 503]) settled.push(loads.spawn(() => Promise.reject(new Error(`HTTP ${status} <b>bold</b>`))).then(() => 0, () => 1));
  settled.push(images.spawn(new Subject<never>()).then(() => 0, () => 1));
  images.cancel('user navigated away');
  return Promise.all(settled);
}

describe('devtools history (Chromium, forced GC)', () => {
  it('still shows each child’s name, final counts and failure messages after the garbage collector took it', async () => {
    if (typeof gc !== 'function') fail('Chromium must run with --js-flags=--expose-gc (karma.conf.js)');
    defineTaskTrackerDevtools();
    const root = semaphoreTracker(4);
    const element = document.createElement('task-tracker-devtools') as TaskTrackerDevtoolsElement;
    element.tracker = root;
    document.body.append(element);

    await startAndForget(root);
    for (let i = 0; i < 3; i++) {
      await macrotask();
      gc!();
    }
    await macrotask();
    // The premise: tree() no longer lists them (images settled, loads collected).
    expect(root.tree().children.map((child) => child.name)).toEqual([]);
    expect(root.childCount()).toBe(0);
    // A collection is no event: the panel sees it at its next redraw (a tick, or here the next change).
    root.spawn(of(0));
    await nextFrame();

    const loads = element.querySelector('tr[data-path="root/loads"]')!;
    expect(loads.querySelector('.rxtt-name')!.textContent).toBe('loads');
    expect(loads.classList).toContain('rxtt-finished');
    expect(loads.querySelector('[data-metric="success"]')!.textContent).toBe('5');
    expect(loads.querySelector('[data-metric="failed"]')!.textContent).toBe('2');
    expect(loads.querySelector('[data-metric="issued"]')!.textContent).toBe('7');
    const images = element.querySelector('tr[data-path="root/images"]')!;
    expect(images.querySelector('[data-state]')!.getAttribute('data-state')).toBe('cancelled');
    expect(images.querySelector('[data-metric="cancelled"]')!.textContent).toBe('1');
    const failures = Array.from(element.querySelectorAll('.rxtt-failures li[data-path="root/loads"]')).map((li) => li.textContent);
    expect(failures.length).toBe(2);
    expect(failures.join('\n')).toContain('HTTP 500 <b>bold</b>');
    expect(failures.join('\n')).toContain('HTTP 503 <b>bold</b>');
    expect(element.querySelector('.rxtt-failures b')).toBeNull();
    element.remove();
  });
});
