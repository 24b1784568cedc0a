import './helpers/testBed.js';
import {
  Component,
  createEnvironmentInjector,
  EnvironmentInjector,
  Injectable,
  Injector,
  provideZonelessChangeDetection,
  signal,
} from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { Subject } from 'rxjs';
import { injectTaskTracker, provideTaskTracker } from '../../lib/angular/index.js';
import { LogOnlyPolicy, OwnerDestroyed, SemaphoreScheduler, TaskCancelledError, TaskTracker } from '../../lib/index.js';

@Component({ selector: 'app-loader', template: '' })
class LoaderComponent {
  readonly tracker = injectTaskTracker({ name: 'loader' });
}

@Component({ selector: 'app-unnamed', template: '' })
class UnnamedComponent {
  readonly tracker = injectTaskTracker();
}

@Component({
  selector: 'app-page',
  imports: [LoaderComponent],
  template: `@if (shown()) { <app-loader /> }`,
})
class PageComponent {
  readonly shown = signal(true);
}

@Injectable({ providedIn: 'root' })
class ReportService {
  readonly tracker = injectTaskTracker({ name: 'reports' });
}

/** A tracker's tasks as plain results: `'value'`, or the cancellation reason's message. */
function outcome(handle: Promise<unknown>): Promise<unknown> {
  return handle.then(
    (value) => value,
    (error: unknown) => (error instanceof TaskCancelledError ? { cancelled: reasonOf(error.reason) } : error),
  );
}

/** An OwnerDestroyed reason as `OwnerDestroyed: message`, anything else as it is. */
function reasonOf(reason: unknown): unknown {
  return reason instanceof OwnerDestroyed ? `OwnerDestroyed: ${reason.message}` : reason;
}

describe('injectTaskTracker (Angular, zoneless, in Chromium)', () => {
  function configure(config: Parameters<typeof provideTaskTracker>[0] = {}): TaskTracker {
    TestBed.configureTestingModule({ providers: [provideZonelessChangeDetection(), provideTaskTracker(config)] });
    return TestBed.inject(TaskTracker);
  }

  it('gives a component a child of the root, named as asked', () => {
    const root = configure();
    const { tracker } = TestBed.createComponent(LoaderComponent).componentInstance;
    expect(tracker.parent).toBe(root);
    expect(tracker.path).toBe('app/loader');
    expect(TestBed.createComponent(UnnamedComponent).componentInstance.tracker.path).toMatch(/^app\/child-\d+$/);
  });

  it("cancels a destroyed component's tasks: queued ones never start, a running fetch aborts; its sibling and the root go on", async () => {
    const root = configure({ scheduler: () => SemaphoreScheduler.withPermits(1), pendingTasks: false });
    const doomed = TestBed.createComponent(LoaderComponent);
    const sibling = TestBed.createComponent(LoaderComponent);
    const ran: string[] = [];
    let request!: Promise<Response>;
    const fetching = doomed.componentInstance.tracker.spawnCancellable((token) => {
      ran.push('fetch');
      request = fetch(`/context.html?load=${Math.random()}`, { signal: token.signal });
      return request;
    });
    const queued = [1, 2].map((n) =>
      doomed.componentInstance.tracker.spawn(() => {
        ran.push(`queued ${n}`);
        return n;
      }),
    );
    const siblingTask = sibling.componentInstance.tracker.spawn(() => {
      ran.push('sibling');
      return 'sibling done';
    });
    const rootTask = root.spawn(() => {
      ran.push('root');
      return 'root done';
    });
    expect(root.metrics().snapshot()).toEqual(jasmine.objectContaining({ issued: 5, active: 1, queued: 4 }));

    // The request is on the wire: a fetch never settles within the task that starts it.
    doomed.destroy();

    // fetch rejects with its signal's reason only when the signal aborted it.
    await expectAsync(request.catch(reasonOf)).toBeResolvedTo('OwnerDestroyed: injection context destroyed');
    expect(await outcome(fetching)).toEqual({ cancelled: 'OwnerDestroyed: injection context destroyed' });
    expect(await Promise.all(queued.map(outcome))).toEqual([{ cancelled: 'OwnerDestroyed: injection context destroyed' }, { cancelled: 'OwnerDestroyed: injection context destroyed' }]);
    expect(await siblingTask).toBe('sibling done');
    expect(await rootTask).toBe('root done');
    expect(ran).toEqual(['fetch', 'sibling', 'root']);
    expect(doomed.componentInstance.tracker.isClosed()).toBeTrue();
    expect(sibling.componentInstance.tracker.isClosed()).toBeFalse();
    expect(root.isClosed()).toBeFalse();
    expect(root.metrics().snapshot()).toEqual(jasmine.objectContaining({ issued: 5, success: 2, cancelled: 3, pending: 0 }));
  });

  it('cancels a component removed by an @if, when change detection removes it', async () => {
    configure({ pendingTasks: false });
    const fixture = TestBed.createComponent(PageComponent);
    await fixture.whenStable();
    const loader = fixture.debugElement.children[0].componentInstance as LoaderComponent;
    const work = new Subject<string>();
    const task = outcome(loader.tracker.spawn(work));
    fixture.componentInstance.shown.set(false);
    await fixture.whenStable();
    expect(work.observed).toBeFalse(); // the running Observable was torn down
    expect(await task).toEqual({ cancelled: 'OwnerDestroyed: injection context destroyed' });
  });

  it("gives a service a child that is cancelled with the service's injector", () => {
    const root = configure({ pendingTasks: false });
    const child = createEnvironmentInjector([ReportService], TestBed.inject(EnvironmentInjector));
    const reports = child.get(ReportService).tracker;
    expect(reports.parent).toBe(root);
    const task = reports.spawn(new Subject<void>());
    child.destroy();
    expect(reports.isClosed()).toBeTrue();
    expect(task.status).toBe('cancelled');
    expect(root.isClosed()).toBeFalse();
  });

  it('takes a scheduler factory, an error policy and a timeout', () => {
    configure({ pendingTasks: false });
    const policy = new LogOnlyPolicy({ logger: () => {} });
    const tracker = TestBed.runInInjectionContext(() =>
      injectTaskTracker({ name: 'own', scheduler: () => SemaphoreScheduler.withPermits(1), errorPolicy: policy, timeout: 50 }),
    );
    tracker.spawn(new Subject<void>());
    tracker.spawn(new Subject<void>());
    expect(tracker.metrics().snapshot()).toEqual(jasmine.objectContaining({ active: 1, queued: 1 }));
    expect(TestBed.inject(TaskTracker).tree().children.map((c) => c.path)).toEqual(['app/own']);
  });

  it('works outside an injection context with an injector, and is cancelled with it', () => {
    const root = configure({ pendingTasks: false });
    const injector = createEnvironmentInjector([], TestBed.inject(EnvironmentInjector));
    const tracker = injectTaskTracker({ injector });
    expect(tracker.parent).toBe(root);
    injector.destroy();
    expect(tracker.isClosed()).toBeTrue();
  });

  it('returns a cancelled tracker, rather than throwing, in a context that is already destroyed', () => {
    configure({ pendingTasks: false });
    const injector = createEnvironmentInjector([], TestBed.inject(EnvironmentInjector));
    const late = TestBed.createComponent(LoaderComponent);
    const componentInjector = late.componentRef.injector;
    late.destroy();
    const tracker = injectTaskTracker({ injector: componentInjector });
    expect(tracker.isClosed()).toBeTrue();
    expect(reasonOf(tracker.cancellationToken().reason)).toBe('OwnerDestroyed: injection context destroyed');
    injector.destroy();
  });

  it('throws Angular\'s NG0203 outside an injection context', () => {
    configure();
    expect(() => injectTaskTracker()).toThrowError(/NG0203.*injectTaskTracker/s);
  });

  it('says to add provideTaskTracker() when no TaskTracker is provided', () => {
    TestBed.configureTestingModule({ providers: [provideZonelessChangeDetection()] });
    expect(() => TestBed.createComponent(LoaderComponent)).toThrowError(
      /^injectTaskTracker\(\): no TaskTracker is provided here\. Add provideTaskTracker\(\)/,
    );
    expect(() => TestBed.runInInjectionContext(() => injectTaskTracker())).toThrowError(/provideTaskTracker\(\)/);
    expect(() => injectTaskTracker({ injector: TestBed.inject(Injector) })).toThrowError(/provideTaskTracker\(\)/);
  });
});
