// The panel in Chromium (Karma) against real trackers: what the DOM shows, live.
import { Subject, of, throwError } from 'rxjs';
import { type TaskTracker } from '../../lib/index.js';
import { defineTaskTrackerDevtools, mountTrackerDevtools, type TaskTrackerDevtoolsElement } from '../../lib/devtools/index.js';
import { semaphoreTracker } from '../helpers/trackers.js';
import { expected, listeners, nextFrame, shown } from './panelDom.js';

describe('<task-tracker-devtools>', () => {
  let element: TaskTrackerDevtoolsElement;
  let root: TaskTracker;

  beforeAll(() => defineTaskTrackerDevtools());

  beforeEach(() => {
    root = semaphoreTracker(2);
    element = document.createElement('task-tracker-devtools') as TaskTrackerDevtoolsElement;
  });

  afterEach(() => {
    element.remove();
    root.cancel('spec done');
  });

  it('shows the numbers of tracker.metrics() once tasks settle, for the root and each child', async () => {
    const users = root.childTrackerBuilder().name('users').build();
    const images = root.childTrackerBuilder().name('images').build();
    element.tracker = root;
    document.body.append(element);
    await Promise.allSettled([
      users.spawn(() => Promise.resolve(1)),
      users.spawn(() => Promise.reject(new Error('HTTP 500'))),
      images.spawn(of('png')),
      root.spawn(() => Promise.resolve(3)),
    ]);
    const pending = images.spawn(new Subject<never>());
    await nextFrame();

    expect(shown(element, 'root')).toEqual(expected(root));
    expect(shown(element, 'root/users')).toEqual(expected(users));
    expect(shown(element, 'root/images')).toEqual(expected(images));
    expect(shown(element, 'root/images').active).toBe(1);
    pending.cancel();
  });

  it('draws nothing synchronously: a burst of changes is drawn once, on the next animation frame', async () => {
    element.tracker = root;
    document.body.append(element);
    await nextFrame();
    const mutations: MutationRecord[] = [];
    const observer = new MutationObserver((records) => mutations.push(...records));
    observer.observe(element, { childList: true, subtree: true });
    for (let i = 0; i < 100; i++) root.spawn(of(i));
    expect(shown(element, 'root').issued).toBe(0);
    await nextFrame();
    observer.disconnect();
    expect(shown(element, 'root').issued).toBe(100);
    // One redraw replaces the tree's rows once.
    const treeRedraws = mutations.filter((m) => (m.target as Element).tagName === 'TBODY');
    expect(treeRedraws.length).toBe(1);
  });

  it('shows a child created after it was attached', async () => {
    element.tracker = root;
    document.body.append(element);
    await nextFrame();
    expect(element.querySelector('tr[data-path="root/late"]')).toBeNull();

    const late = root.childTrackerBuilder().name('late').build();
    late.spawn(of(1));
    await nextFrame();

    expect(element.querySelector('tr[data-path="root/late"] .rxtt-name')!.textContent).toBe('late');
    expect(shown(element, 'root/late')).toEqual(expected(late));
  });

  it('cancels a subtree with its cancel button and nothing else', async () => {
    const images = root.childTrackerBuilder().name('images').build();
    const thumbs = images.childTrackerBuilder().name('thumbs').build();
    const users = root.childTrackerBuilder().name('users').build();
    const running = [images, thumbs, users].map((t) => t.spawn(new Subject<never>()));
    element.tracker = root;
    document.body.append(element);
    await nextFrame();

    element.querySelector<HTMLButtonElement>('tr[data-path="root/images"] button[data-action="cancel"]')!.click();

    expect(images.cancellationToken().isCancelled()).toBeTrue();
    expect(thumbs.cancellationToken().isCancelled()).toBeTrue();
    expect(users.cancellationToken().isCancelled()).toBeFalse();
    expect(root.cancellationToken().isCancelled()).toBeFalse();
    expect(running.map((h) => h.status)).toEqual(['cancelled', 'cancelled', 'running']);
    await nextFrame();
    expect(element.querySelector('tr[data-path="root/images"] [data-state]')!.getAttribute('data-state')).toBe('cancelled');
    expect(element.querySelector('tr[data-path="root/images"] button')).toBeNull();
    expect(element.querySelector('tr[data-path="root/users"] button[data-action="cancel"]')).not.toBeNull();
  });

  it('draws one timeline bar per task that ended inside its window', async () => {
    element.tracker = root;
    document.body.append(element);
    const handles = [root.spawn(of(1)), root.spawn(() => Promise.resolve(2)), root.spawn(throwError(() => new Error('no')))];
    const never = root.spawn(new Subject<never>());
    await Promise.allSettled(handles);
    await nextFrame();

    const bars = Array.from(element.querySelectorAll('svg .rxtt-task'));
    expect(bars.map((bar) => bar.getAttribute('data-task')).sort()).toEqual(handles.map((h) => h.id).sort());
    expect(bars.map((bar) => bar.getAttribute('data-outcome')).sort()).toEqual(['failed', 'success', 'success']);
    never.cancel();
  });

  it('renders an error message containing HTML as text, creating no element', async () => {
    element.tracker = root;
    document.body.append(element);
    const html = '<img src=x onerror=alert(1)>';
    await Promise.allSettled([root.spawn(() => Promise.reject(new Error(html)))]);
    await nextFrame();

    const entry = element.querySelector('.rxtt-failures li')!;
    expect(entry.textContent).toContain(`Error: ${html}`);
    expect(element.querySelector('img')).toBeNull();
    expect(entry.children.length).toBe(0);
  });

  it('filters the failure log by tracker (a tracker shows its descendants’ failures too)', async () => {
    const a = root.childTrackerBuilder().name('a').build();
    const b = root.childTrackerBuilder().name('b').build();
    element.tracker = root;
    document.body.append(element);
    await Promise.allSettled([a.spawn(() => Promise.reject(new Error('from a'))), b.spawn(() => Promise.reject(new Error('from b')))]);
    await nextFrame();
    expect(element.querySelectorAll('.rxtt-failures li').length).toBe(2);

    const filter = element.querySelector<HTMLSelectElement>('select.rxtt-filter')!;
    filter.value = 'root/b';
    filter.dispatchEvent(new Event('change'));
    await nextFrame();

    const entries = Array.from(element.querySelectorAll('.rxtt-failures li')).map((li) => li.textContent);
    expect(entries.length).toBe(1);
    expect(entries[0]).toContain('from b');
  });

  it('refuses an unknown option when it is set, keeping the options it had', () => {
    element.options = { maxBars: 5 };
    expect(() => (element.options = { maxBar: 5 } as never)).toThrowError(
      TypeError,
      "<task-tracker-devtools>.options: unknown option 'maxBar' (did you mean 'maxBars'?); known options: maxFinishedRows, windowMs, maxBars, maxFailures, clock",
    );
    expect(() => (element.options = { intervalMs: 100 } as never)).toThrowError(TypeError, /unknown option 'intervalMs'/);
    expect(element.options).toEqual({ maxBars: 5 });
  });

  it('refuses an unknown option in mountTrackerDevtools', () => {
    const container = document.createElement('div');
    expect(() => mountTrackerDevtools(root, container, { windowMS: 1000 } as never)).toThrowError(TypeError, /unknown option 'windowMS' \(did you mean 'windowMs'\?\)/);
  });

  it('unsubscribes when detached, and follows again when attached', async () => {
    element.tracker = root;
    expect(listeners(root)).toBe(0);
    document.body.append(element);
    expect(listeners(root)).toBe(1);
    element.remove();
    expect(listeners(root)).toBe(0);

    root.spawn(of(1));
    document.body.append(element);
    await nextFrame();
    expect(shown(element, 'root')).toEqual(expected(root));
  });

  it('switches from a tracker to another', async () => {
    element.tracker = root;
    document.body.append(element);
    const other = semaphoreTracker(1);
    element.tracker = other;
    expect(listeners(root)).toBe(0);
    expect(listeners(other)).toBe(1);
    await nextFrame();
    expect(element.querySelector('tr[data-path="root"]')).not.toBeNull();
    expect(element.querySelectorAll('.rxtt').length).toBe(1);
  });

  it('is registered once; another element under the name is refused', () => {
    const first = defineTaskTrackerDevtools();
    expect(defineTaskTrackerDevtools()).toBe(first);
    customElements.define('not-devtools-x', class extends HTMLElement {});
    expect(() => defineTaskTrackerDevtools('not-devtools-x')).toThrowError(/already defined by another element/);
  });
});

describe('mountTrackerDevtools', () => {
  it('shows the panel in a container; destroy() removes it and unsubscribes', async () => {
    const root = semaphoreTracker(1);
    const container = document.createElement('div');
    document.body.append(container);
    const panel = mountTrackerDevtools(root, container);
    await Promise.allSettled([root.spawn(of(1))]);
    await nextFrame();
    expect(shown(container, 'root').success).toBe(1);

    panel.destroy();
    panel.destroy();
    expect(container.children.length).toBe(0);
    expect(listeners(root)).toBe(0);
    container.remove();
  });

  it('refuses a container that is not an element', () => {
    expect(() => mountTrackerDevtools(semaphoreTracker(1), null as unknown as Element)).toThrowError(TypeError, /expects a DOM element/);
  });
});
