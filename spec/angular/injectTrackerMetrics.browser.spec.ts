import './helpers/testBed.js';
import { Component, createEnvironmentInjector, EnvironmentInjector, inject, provideZonelessChangeDetection } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { Subject, timer } from 'rxjs';
import { injectTaskTracker, injectTrackerMetrics, provideChildTaskTracker, provideTaskTracker, type TaskTrackerConfig } from '../../lib/angular/index.js';
import { SemaphoreScheduler, TaskTracker } from '../../lib/index.js';

@Component({
  selector: 'app-progress',
  template: `<p>{{ m().active }} running · {{ m().queued }} waiting · {{ m().success }} done of {{ m().issued }}</p>`,
})
class ProgressComponent {
  readonly m = injectTrackerMetrics();
}

@Component({
  selector: 'app-own-progress',
  template: `<p>{{ m().pending }} pending</p>`,
})
class OwnProgressComponent {
  readonly tracker = injectTaskTracker({ name: 'own' });
  readonly m = injectTrackerMetrics(this.tracker);
}

@Component({
  selector: 'app-own-default',
  template: `<p>{{ m().pending }} pending</p>`,
})
class OwnDefaultComponent {
  readonly tracker = injectTaskTracker({ name: 'own' });
  readonly m = injectTrackerMetrics(); // follows this.tracker
}

@Component({
  selector: 'app-metrics-first',
  template: `<p>{{ m().pending }} pending</p>`,
})
class MetricsFirstComponent {
  readonly m = injectTrackerMetrics(); // made before the component's own tracker: follows the one above
  readonly tracker = injectTaskTracker({ name: 'own' });
}

@Component({
  selector: 'app-section',
  providers: [provideChildTaskTracker({ name: 'section' })],
  imports: [ProgressComponent],
  template: `<app-progress />`,
})
class SectionComponent {
  readonly tracker = inject(TaskTracker);
}

describe('injectTrackerMetrics (Angular, zoneless, in Chromium)', () => {
  function configure(config: TaskTrackerConfig): TaskTracker {
    TestBed.configureTestingModule({ providers: [provideZonelessChangeDetection(), provideTaskTracker(config)] });
    return TestBed.inject(TaskTracker);
  }

  it('renders active and queued in the template, and updates after fixture.whenStable()', async () => {
    const root = configure({ scheduler: () => SemaphoreScheduler.withPermits(2), pendingTasks: false });
    const fixture = TestBed.createComponent(ProgressComponent);
    await fixture.whenStable();
    expect(fixture.nativeElement.textContent).toBe('0 running · 0 waiting · 0 done of 0');

    const works = [new Subject<number>(), new Subject<number>(), new Subject<number>()];
    for (const work of works) root.spawn(work);
    await fixture.whenStable();
    expect(fixture.nativeElement.textContent).toBe('2 running · 1 waiting · 0 done of 3');

    works[0].complete();
    await fixture.whenStable();
    expect(fixture.nativeElement.textContent).toBe('2 running · 0 waiting · 1 done of 3');

    works[1].complete();
    works[2].complete();
    await fixture.whenStable();
    expect(fixture.nativeElement.textContent).toBe('0 running · 0 waiting · 3 done of 3');
  });

  it('with pendingTasks on, fixture.whenStable() waits for the loads and the template shows them done', async () => {
    const root = configure({ scheduler: () => SemaphoreScheduler.withPermits(2) });
    const fixture = TestBed.createComponent(ProgressComponent);
    for (const ms of [20, 40, 30]) root.spawn(timer(ms));
    await fixture.whenStable();
    expect(root.metrics().pending()).toBe(0);
    expect(fixture.nativeElement.textContent).toBe('0 running · 0 waiting · 3 done of 3');
  });

  it('follows the tracker it is given', async () => {
    const root = configure({ pendingTasks: false });
    const fixture = TestBed.createComponent(OwnProgressComponent);
    root.spawn(new Subject<void>()); // not the component's
    fixture.componentInstance.tracker.spawn(new Subject<void>());
    fixture.componentInstance.tracker.spawn(new Subject<void>());
    await fixture.whenStable();
    expect(fixture.nativeElement.textContent).toBe('2 pending');
  });

  it("without an argument, in a component that made its own tracker with injectTaskTracker(), follows that one", async () => {
    const root = configure({ pendingTasks: false });
    const fixture = TestBed.createComponent(OwnDefaultComponent);
    root.spawn(new Subject<void>()); // not the component's
    fixture.componentInstance.tracker.spawn(new Subject<void>());
    fixture.componentInstance.tracker.spawn(new Subject<void>());
    await fixture.whenStable();
    expect(fixture.nativeElement.textContent).toBe('2 pending');
    expect(root.metrics().pending()).toBe(3);
  });

  it('without an argument and no injectTaskTracker() before it, follows inject(TaskTracker), and an injectTaskTracker() after it says so in development mode', async () => {
    const warn = spyOn(console, 'warn');
    const root = configure({ pendingTasks: false });
    const fixture = TestBed.createComponent(MetricsFirstComponent);
    root.spawn(new Subject<void>());
    await fixture.whenStable();
    expect(fixture.nativeElement.textContent).toBe('1 pending');
    expect(warn).toHaveBeenCalledOnceWith(
      'rx-task-tracker/angular: injectTrackerMetrics() was called before injectTaskTracker() on the same element, so it follows "app", ' +
        'not "app/own". Call it after injectTaskTracker(), or pass the tracker: injectTrackerMetrics(this.tracker); for the tracker above ' +
        'on purpose: injectTrackerMetrics(inject(TaskTracker)). (Shown in development mode only.)',
    );
  });

  it("without an argument, in a component without a tracker of its own, follows the nearest provided one (a provideChildTaskTracker() above)", async () => {
    const root = configure({ pendingTasks: false });
    const fixture = TestBed.createComponent(SectionComponent);
    root.spawn(new Subject<void>()); // beside the section
    fixture.componentInstance.tracker.spawn(new Subject<void>());
    await fixture.whenStable();
    expect(fixture.nativeElement.textContent).toBe('1 running · 0 waiting · 0 done of 1');
  });

  it('stops following the tracker when its context is destroyed', async () => {
    const root = configure({ pendingTasks: false });
    const injector = createEnvironmentInjector([], TestBed.inject(EnvironmentInjector));
    const metrics = injectTrackerMetrics(undefined, { injector });
    root.spawn(new Subject<void>());
    await new Promise((resolve) => setTimeout(resolve));
    expect(metrics().pending).toBe(1);
    injector.destroy();
    root.spawn(new Subject<void>());
    await new Promise((resolve) => setTimeout(resolve));
    expect(metrics().pending).toBe(1); // no longer updated
    expect(root.metrics().pending()).toBe(2);
  });

  it('has the current snapshot at once, without waiting for a change', () => {
    const root = configure({ pendingTasks: false });
    root.spawn(new Subject<void>());
    const metrics = TestBed.runInInjectionContext(() => injectTrackerMetrics());
    expect(metrics()).toEqual(root.metrics().snapshot());
  });

  it("throws Angular's NG0203 outside an injection context, and says to add provideTaskTracker() when none is provided", () => {
    TestBed.configureTestingModule({ providers: [provideZonelessChangeDetection()] });
    expect(() => injectTrackerMetrics()).toThrowError(/NG0203.*injectTrackerMetrics/s);
    expect(() => TestBed.runInInjectionContext(() => injectTrackerMetrics())).toThrowError(
      /^injectTrackerMetrics\(\): no TaskTracker is provided here\. Add provideTaskTracker\(\)/,
    );
  });
});
