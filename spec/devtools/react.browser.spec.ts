// The element in a React 19 tree (createRoot, act), in Chromium: React 19 sets a prop on a custom element as a
// property when the element has it, so `tracker={tracker}` reaches the element's `tracker` setter.
// React.createElement rather than JSX, so that Karma's esbuild needs no jsx setting.
import { act, createElement, type ReactElement } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { Subject, of } from 'rxjs';
import { type TaskTracker } from '../../lib/index.js';
import { defineTaskTrackerDevtools, type TaskTrackerDevtoolsElement } from '../../lib/devtools/index.js';
import { semaphoreTracker } from '../helpers/trackers.js';
import { expected, listeners, nextFrame, shown } from './panelDom.js';

/** A React component rendering `<section><task-tracker-devtools tracker={tracker} /></section>`. */
function WithDevtools({ tracker }: { tracker: TaskTracker }): ReactElement {
  return createElement('section', null, createElement('task-tracker-devtools', { tracker }));
}

type ActGlobal = { IS_REACT_ACT_ENVIRONMENT?: boolean };

describe('<task-tracker-devtools> in a React 19 tree', () => {
  let container: HTMLElement;
  let reactRoot: Root;
  let mounted: boolean;
  let first: TaskTracker;
  let second: TaskTracker;
  let actEnvironment: boolean | undefined;

  beforeAll(() => {
    defineTaskTrackerDevtools();
    actEnvironment = (globalThis as ActGlobal).IS_REACT_ACT_ENVIRONMENT;
    (globalThis as ActGlobal).IS_REACT_ACT_ENVIRONMENT = true; // act() flushes the render before it returns
  });

  afterAll(() => {
    (globalThis as ActGlobal).IS_REACT_ACT_ENVIRONMENT = actEnvironment;
  });

  beforeEach(() => {
    first = semaphoreTracker(2);
    second = semaphoreTracker(1);
    container = document.createElement('div');
    document.body.append(container);
    reactRoot = createRoot(container);
    mounted = true;
    spyOn(console, 'error').and.callThrough(); // React reports its warnings there
  });

  afterEach(() => {
    if (mounted) act(() => reactRoot.unmount());
    container.remove();
    first.cancel('spec done');
    second.cancel('spec done');
    expect(console.error).not.toHaveBeenCalled();
  });

  function render(tracker: TaskTracker): void {
    act(() => reactRoot.render(createElement(WithDevtools, { tracker })));
  }

  function element(): TaskTrackerDevtoolsElement {
    const found = container.querySelector<TaskTrackerDevtoolsElement>('section > task-tracker-devtools');
    if (found === null) throw new Error('React rendered no <task-tracker-devtools>');
    return found;
  }

  it('hands the tracker to the element as a property, and the panel shows the numbers of tracker.metrics()', async () => {
    const users = first.childTrackerBuilder().name('users').build();
    const images = first.childTrackerBuilder().name('images').build();
    render(first);

    // Synchronously after act(): the element is in the document, upgraded, with the tracker object itself.
    const panel = element();
    expect(panel.isConnected).toBeTrue();
    expect(panel instanceof customElements.get('task-tracker-devtools')!).toBeTrue();
    expect(panel.tracker).toBe(first);
    expect(panel.hasAttribute('tracker')).toBeFalse();
    expect(listeners(first)).toBe(1);

    await Promise.allSettled([
      users.spawn(() => Promise.resolve(1)),
      users.spawn(() => Promise.reject(new Error('HTTP 500'))),
      images.spawn(of('png')),
      first.spawn(() => Promise.resolve(3)),
    ]);
    const pending = images.spawn(new Subject<never>());
    await nextFrame();

    expect(shown(panel, 'root')).toEqual(expected(first));
    expect(shown(panel, 'root/users')).toEqual(expected(users));
    expect(shown(panel, 'root/images')).toEqual(expected(images));
    expect(shown(panel, 'root').issued).toBe(5);
    expect(shown(panel, 'root/images').active).toBe(1);
    pending.cancel();
  });

  it('switches the same element to another tracker when re-rendered with it', async () => {
    const images = first.childTrackerBuilder().name('images').build();
    const videos = second.childTrackerBuilder().name('videos').build();
    await Promise.allSettled([images.spawn(of(1)), first.spawn(of(2))]);
    await Promise.allSettled([videos.spawn(of(1)), videos.spawn(() => Promise.reject(new Error('no'))), videos.spawn(of(3))]);
    render(first);
    const panel = element();
    await nextFrame();
    expect(shown(panel, 'root')).toEqual(expected(first));
    expect(panel.querySelector('tr[data-path="root/images"]')).not.toBeNull();

    render(second);

    expect(element()).toBe(panel); // React updated the element's property, it did not replace the element
    expect(panel.tracker).toBe(second);
    expect(panel.hasAttribute('tracker')).toBeFalse();
    expect(listeners(first)).toBe(0);
    expect(listeners(second)).toBe(1);
    await nextFrame();
    expect(shown(panel, 'root')).toEqual(expected(second));
    expect(shown(panel, 'root/videos')).toEqual(expected(videos));
    expect(shown(panel, 'root/videos').failed).toBe(1);
    expect(panel.querySelector('tr[data-path="root/images"]')).toBeNull();
    expect(panel.querySelectorAll('.rxtt').length).toBe(1);
  });

  it('detaches the element and unsubscribes when the React root is unmounted', async () => {
    render(first);
    const panel = element();
    await nextFrame();
    expect(listeners(first)).toBe(1);

    act(() => reactRoot.unmount());
    mounted = false;

    expect(container.children.length).toBe(0);
    expect(panel.isConnected).toBeFalse();
    expect(listeners(first)).toBe(0);
    // Nothing follows the tracker any more: its events build no listener again.
    await Promise.allSettled([first.spawn(of(1))]);
    await nextFrame();
    expect(listeners(first)).toBe(0);
  });
});
