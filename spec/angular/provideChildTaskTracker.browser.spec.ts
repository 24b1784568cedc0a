import './helpers/testBed.js';
import { Component, createEnvironmentInjector, EnvironmentInjector, inject, provideZonelessChangeDetection, signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { Subject } from 'rxjs';
import { injectTaskTracker, provideChildTaskTracker, provideTaskTracker } from '../../lib/angular/index.js';
import { OwnerDestroyed, SemaphoreScheduler, TaskTracker } from '../../lib/index.js';

@Component({ selector: 'app-chart', template: '' })
class ChartComponent {
  readonly shared = inject(TaskTracker);
  readonly own = injectTaskTracker({ name: 'chart' });
}

@Component({ selector: 'app-table', template: '' })
class TableComponent {
  readonly shared = inject(TaskTracker);
}

@Component({
  selector: 'app-dashboard',
  providers: [provideChildTaskTracker({ name: 'dashboard' })],
  imports: [ChartComponent, TableComponent],
  template: '<app-chart /><app-table />',
})
class DashboardComponent {
  readonly tracker = inject(TaskTracker);
}

@Component({
  selector: 'app-host',
  imports: [DashboardComponent, TableComponent],
  template: `@if (shown()) { <app-dashboard /> } <app-table />`,
})
class HostComponent {
  readonly shown = signal(true);
}

@Component({
  selector: 'app-gallery',
  providers: [provideChildTaskTracker({ name: 'gallery', scheduler: () => SemaphoreScheduler.withPermits(1) })],
  template: '',
})
class GalleryComponent {
  readonly tracker = inject(TaskTracker);
}

@Component({
  selector: 'app-thumbnails',
  providers: [provideChildTaskTracker({ name: 'thumbnails', concurrency: 2 })],
  template: '',
})
class ThumbnailsComponent {
  readonly tracker = inject(TaskTracker);
}

describe('provideChildTaskTracker (Angular, zoneless, in Chromium)', () => {
  function configure(): TaskTracker {
    TestBed.configureTestingModule({ providers: [provideZonelessChangeDetection(), provideTaskTracker({ pendingTasks: false })] });
    return TestBed.inject(TaskTracker);
  }

  it('scopes a subtree: the component and its descendants share one child of the root', async () => {
    const root = configure();
    const fixture = TestBed.createComponent(HostComponent);
    await fixture.whenStable();
    const dashboard = fixture.debugElement.query((el) => el.componentInstance instanceof DashboardComponent).componentInstance as DashboardComponent;
    const chart = fixture.debugElement.query((el) => el.componentInstance instanceof ChartComponent).componentInstance as ChartComponent;
    const tables = fixture.debugElement.queryAll((el) => el.componentInstance instanceof TableComponent).map((el) => el.componentInstance as TableComponent);

    expect(dashboard.tracker.path).toBe('app/dashboard');
    expect(dashboard.tracker.parent).toBe(root);
    expect(chart.shared).toBe(dashboard.tracker);
    expect(chart.own.parent).toBe(dashboard.tracker); // injectTaskTracker() takes the nearest one
    expect(chart.own.path).toBe('app/dashboard/chart');
    expect(tables[0].shared).toBe(dashboard.tracker); // inside the dashboard
    expect(tables[1].shared).toBe(root); // beside it

    // The dashboard's tasks count in the root too.
    dashboard.tracker.spawn(new Subject<void>());
    chart.own.spawn(new Subject<void>());
    expect(dashboard.tracker.metrics().pending()).toBe(2);
    expect(root.metrics().pending()).toBe(2);
  });

  it('cancels the subtree when the component is destroyed; the root and the rest of the page go on', async () => {
    const root = configure();
    const fixture = TestBed.createComponent(HostComponent);
    await fixture.whenStable();
    const dashboard = fixture.debugElement.query((el) => el.componentInstance instanceof DashboardComponent).componentInstance as DashboardComponent;
    const chart = fixture.debugElement.query((el) => el.componentInstance instanceof ChartComponent).componentInstance as ChartComponent;
    const inDashboard = dashboard.tracker.spawn(new Subject<void>());
    const inChart = chart.own.spawn(new Subject<void>());
    const elsewhere = new Subject<string>();
    const rootTask = root.spawn(elsewhere);

    fixture.componentInstance.shown.set(false);
    await fixture.whenStable();

    expect(dashboard.tracker.isClosed()).toBeTrue();
    expect(chart.own.isClosed()).toBeTrue();
    expect([inDashboard.status, inChart.status]).toEqual(['cancelled', 'cancelled']);
    await expectAsync(inDashboard).toBeRejectedWith(jasmine.objectContaining({ reason: new OwnerDestroyed('injector destroyed') }));
    expect(root.isClosed()).toBeFalse();
    elsewhere.next('still running');
    elsewhere.complete();
    expect(await rootTask).toBe('still running');
  });

  it('gives each component instance its own child, with its own scheduler from a factory', () => {
    configure();
    const a = TestBed.createComponent(GalleryComponent).componentInstance.tracker;
    const b = TestBed.createComponent(GalleryComponent).componentInstance.tracker;
    expect(a).not.toBe(b);
    a.spawn(new Subject<void>());
    a.spawn(new Subject<void>());
    b.spawn(new Subject<void>());
    expect(a.metrics().snapshot()).toEqual(jasmine.objectContaining({ active: 1, queued: 1 }));
    expect(b.metrics().snapshot()).toEqual(jasmine.objectContaining({ active: 1, queued: 0 })); // not a's slot
  });

  it('caps the child with concurrency inside the shared slots: the rest waits apart, the parent is never stuck behind it', () => {
    TestBed.configureTestingModule({
      providers: [provideZonelessChangeDetection(), provideTaskTracker({ scheduler: () => SemaphoreScheduler.withPermits(3), pendingTasks: false })],
    });
    const root = TestBed.inject(TaskTracker);
    const { tracker } = TestBed.createComponent(ThumbnailsComponent).componentInstance;
    expect(tracker.path).toBe('app/thumbnails');
    const loads = [1, 2, 3, 4].map(() => new Subject<void>());
    for (const load of loads) tracker.spawn(load);
    expect(tracker.metrics().snapshot()).toEqual(jasmine.objectContaining({ active: 2, queued: 2 }));
    const rootWork = new Subject<void>();
    root.spawn(rootWork); // the third shared slot, though two thumbnails wait
    expect(rootWork.observed).toBeTrue();
    expect(root.metrics().snapshot()).toEqual(jasmine.objectContaining({ active: 3, queued: 2 }));
    loads[0].complete();
    expect(tracker.metrics().snapshot()).toEqual(jasmine.objectContaining({ active: 2, queued: 1, success: 1 }));
  });

  it('caps inside a scheduler of its own too, and injectTaskTracker takes the option', () => {
    configure();
    const tracker = TestBed.runInInjectionContext(() =>
      injectTaskTracker({ name: 'capped', scheduler: () => SemaphoreScheduler.withPermits(4), concurrency: 1 }),
    );
    tracker.spawn(new Subject<void>());
    tracker.spawn(new Subject<void>());
    expect(tracker.metrics().snapshot()).toEqual(jasmine.objectContaining({ active: 1, queued: 1 }));
  });

  it('refuses a concurrency that is not an integer >= 1 where it is written, naming the function', () => {
    expect(() => provideChildTaskTracker({ concurrency: 0 })).toThrowError(RangeError, 'provideChildTaskTracker(): options.concurrency must be an integer >= 1, got 0 (number)');
    configure();
    expect(() => TestBed.runInInjectionContext(() => injectTaskTracker({ concurrency: 1.5 }))).toThrowError(
      RangeError,
      'injectTaskTracker(): options.concurrency must be an integer >= 1, got 1.5 (number)',
    );
  });

  it("scopes a route's environment injector, cancelled when it is destroyed", () => {
    const root = configure();
    const route = createEnvironmentInjector([provideChildTaskTracker({ name: 'orders' })], TestBed.inject(EnvironmentInjector), 'orders route');
    const orders = route.get(TaskTracker);
    expect(orders.path).toBe('app/orders');
    const task = orders.spawn(new Subject<void>());
    route.destroy();
    expect(task.status).toBe('cancelled');
    expect(root.isClosed()).toBeFalse();
  });

  it('says to add provideTaskTracker() when there is no tracker above', () => {
    TestBed.configureTestingModule({ providers: [provideZonelessChangeDetection()] });
    expect(() => TestBed.createComponent(GalleryComponent)).toThrowError(/^provideChildTaskTracker\(\): no TaskTracker is provided here\. Add provideTaskTracker\(\)/);
  });
});
