import './testBed.js';
import { AsyncPipe } from '@angular/common';
import { HttpClient, provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { Component, DestroyRef, ErrorHandler, inject, NgZone, provideZoneChangeDetection } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { ComponentFixtureAutoDetect, fakeAsync, flush, TestBed, tick } from '@angular/core/testing';
import { map, timer } from 'rxjs';
import { injectTaskTracker, injectTrackerMetrics, provideChildTaskTracker, provideTaskTracker, type TaskTrackerConfig } from '../../../lib/angular/index.js';
import { LogOnlyPolicy, RetryPolicy, SemaphoreScheduler, TaskTracker } from '../../../lib/index.js';
import { watchErrors, type SeenErrors } from '../helpers/watchErrors.js';

// An application with zone.js (provideZoneChangeDetection), as most existing Angular
// applications are: change detection follows the zone, fakeAsync/tick drive time.
// The zoneless specs (spec/angular/*.browser.spec.ts) check the same API without zone.js.

interface User {
  readonly name: string;
}

/** Three loads of 100 ms on the root's slots; plain fields, rendered by zone.js change detection. */
@Component({
  selector: 'app-team',
  template: `<p>{{ m().active }} loading · {{ m().queued }} waiting · {{ m().success }} loaded</p><ul>@for (name of names; track name) {<li>{{ name }}</li>}</ul>`,
})
class TeamComponent {
  readonly tracker = injectTaskTracker({ name: 'team' });
  readonly m = injectTrackerMetrics();
  names: string[] = [];

  constructor() {
    for (const id of [1, 2, 3]) {
      this.tracker
        .spawn$(timer(100).pipe(map(() => `user ${id}`)))
        .pipe(takeUntilDestroyed())
        .subscribe((name) => this.names.push(name));
    }
  }
}

/** One user through HttpClient, retried by the application's policy. */
@Component({
  selector: 'app-user',
  imports: [AsyncPipe],
  template: `{{ (user$ | async)?.name ?? 'loading' }} ({{ m().retried }} retried)`,
})
class UserComponent {
  private readonly http = inject(HttpClient);
  readonly tracker = injectTaskTracker({ name: 'user' });
  readonly m = injectTrackerMetrics();
  readonly user$ = this.tracker.spawn$(this.http.get<User>('/api/user'));
}

/** The everyday subscription of a zone.js component: a plain field, takeUntilDestroyed, no error callback. */
@Component({ selector: 'app-profile', template: '{{ name }}' })
class ProfileComponent {
  private readonly http = inject(HttpClient);
  readonly tracker = injectTaskTracker({ name: 'profile' });
  name = 'loading';

  constructor() {
    this.tracker
      .spawn$(this.http.get<User>('/api/profile'))
      .pipe(takeUntilDestroyed())
      .subscribe((user) => (this.name = user.name));
  }
}

/** A subtree's tracker, with a bare subscription made in ngOnInit. */
@Component({ selector: 'app-orders', providers: [provideChildTaskTracker({ name: 'orders', concurrency: 1 })], template: '{{ count }} orders' })
class OrdersComponent {
  private readonly http = inject(HttpClient);
  private readonly destroyRef = inject(DestroyRef);
  readonly tracker = inject(TaskTracker);
  count = 0;

  ngOnInit(): void {
    for (const id of [1, 2]) {
      this.tracker
        .spawn$(this.http.get<User[]>(`/api/orders/${id}`))
        .pipe(takeUntilDestroyed(this.destroyRef))
        .subscribe((orders) => (this.count += orders.length));
    }
  }
}

describe('a zone.js application (provideZoneChangeDetection, in Chromium)', () => {
  let httpTesting: HttpTestingController;
  let seen: SeenErrors;

  function configure(config: TaskTrackerConfig): void {
    TestBed.configureTestingModule({
      providers: [
        provideZoneChangeDetection(),
        provideHttpClient(),
        provideHttpClientTesting(),
        provideTaskTracker(config),
        { provide: ComponentFixtureAutoDetect, useValue: true }, // change detection when the zone settles, as in an application
        { provide: ErrorHandler, useValue: seen.errorHandler },
      ],
    });
    httpTesting = TestBed.inject(HttpTestingController);
  }

  beforeEach(() => (seen = watchErrors()));
  afterEach(() => {
    seen.stop();
    httpTesting.verify();
  });

  it('is a zone.js application: zone.js is loaded and NgZone is the real one, not the zoneless no-op', () => {
    configure({});
    expect((globalThis as { Zone?: unknown }).Zone).toBeDefined();
    expect(TestBed.inject(NgZone)).toBeInstanceOf(NgZone);
  });

  it('fakeAsync/tick: queued tasks start as slots free, and the template follows without detectChanges()', fakeAsync(() => {
    configure({ scheduler: () => SemaphoreScheduler.withPermits(2) });
    const fixture = TestBed.createComponent(TeamComponent);
    const text = () => (fixture.nativeElement as HTMLElement).textContent;
    tick(0); // metrics$ delivers on asyncScheduler, a fake timer here
    expect(text()).toBe('2 loading · 1 waiting · 0 loaded');

    tick(99);
    expect(text()).toBe('2 loading · 1 waiting · 0 loaded');
    tick(1);
    expect(text()).toBe('1 loading · 0 waiting · 2 loadeduser 1user 2');

    tick(100);
    expect(text()).toBe('0 loading · 0 waiting · 3 loadeduser 1user 2user 3');
    expect(seen.errors).toEqual([]);
  }));

  it('fakeAsync/tick: a handle (a Promise, zone-aware here) settles in the fake time of its task', fakeAsync(() => {
    configure({ scheduler: () => SemaphoreScheduler.withPermits(1) });
    const root = TestBed.inject(TaskTracker);
    const settled: string[] = [];
    root.spawn(timer(50).pipe(map(() => 'first'))).then((value) => settled.push(value));
    root.spawn(() => timer(50).pipe(map(() => 'second'))).then((value) => settled.push(value));
    tick(50);
    expect(settled).toEqual(['first']);
    tick(50);
    expect(settled).toEqual(['first', 'second']);
  }));

  it('fakeAsync/tick: a retry waits out its backoff in fake time; HttpTestingController sees each attempt; the async pipe renders the result', fakeAsync(() => {
    configure({ errorPolicy: () => new RetryPolicy({ retries: 2, initialDelay: 1000, factor: 2, jitter: 'none', inner: new LogOnlyPolicy({ logger: () => {} }) }) });
    const fixture = TestBed.createComponent(UserComponent);
    const text = () => (fixture.nativeElement as HTMLElement).textContent;
    httpTesting.expectOne('/api/user').flush('down', { status: 503, statusText: 'Service Unavailable' });
    tick(999);
    httpTesting.expectNone('/api/user');
    expect(fixture.componentInstance.tracker.metrics().snapshot()).toEqual(jasmine.objectContaining({ pending: 1, active: 0, retried: 1 }));
    expect(text()).toBe('loading (1 retried)');
    tick(1);
    httpTesting.expectOne('/api/user').flush('down', { status: 503, statusText: 'Service Unavailable' });
    tick(1999); // the second delay is twice the first
    httpTesting.expectNone('/api/user');
    tick(1);
    httpTesting.expectOne('/api/user').flush({ name: 'Ada' });
    tick(0);
    expect(text()).toBe('Ada (2 retried)');
    expect(fixture.componentInstance.tracker.metrics().snapshot()).toEqual(jasmine.objectContaining({ success: 1, retried: 2, pending: 0 }));
  }));

  it('leaving during a load: HttpTestingController reports the request cancelled, and nothing reaches the ErrorHandler or the console', fakeAsync(() => {
    configure({ scheduler: () => SemaphoreScheduler.withPermits(3) });
    const profile = TestBed.createComponent(ProfileComponent);
    const orders = TestBed.createComponent(OrdersComponent);
    const user = TestBed.createComponent(UserComponent);
    const requests = ['/api/profile', '/api/orders/1', '/api/user'].map((url) => httpTesting.expectOne(url));
    httpTesting.expectNone('/api/orders/2'); // behind the cap of 1
    profile.destroy();
    orders.destroy();
    user.destroy();
    flush(); // RxJS reports an error nobody handled in a timer
    expect(requests.map((request) => request.cancelled)).toEqual([true, true, true]);
    httpTesting.expectNone('/api/orders/2'); // queued, never sent
    expect(seen.errors).toEqual([]);
    expect(TestBed.inject(TaskTracker).metrics().snapshot()).toEqual(jasmine.objectContaining({ issued: 4, cancelled: 4, pending: 0 }));
  }));

  it('leaving during a load, in real time: the same, seen through the zone', async () => {
    configure({});
    const profile = TestBed.createComponent(ProfileComponent);
    const request = httpTesting.expectOne('/api/profile');
    profile.destroy();
    await seen.settled();
    expect(request.cancelled).toBeTrue();
    expect(seen.errors).toEqual([]);
  });

  it('whenStable() waits for the loads, a retry’s backoff included, and the template shows them', async () => {
    let attempts = 0;
    configure({
      scheduler: () => SemaphoreScheduler.withPermits(1),
      errorPolicy: () => new RetryPolicy({ retries: 1, initialDelay: 20, jitter: 'none', inner: new LogOnlyPolicy({ logger: () => {} }) }),
    });
    const fixture = TestBed.createComponent(TeamComponent);
    TestBed.inject(TaskTracker).spawn(() => (++attempts === 1 ? Promise.reject(new Error('flaky')) : Promise.resolve('ok')));
    await fixture.whenStable();
    expect(attempts).toBe(2);
    expect((fixture.nativeElement as HTMLElement).textContent).toBe('0 loading · 0 waiting · 3 loadeduser 1user 2user 3');
    expect(TestBed.inject(TaskTracker).metrics().pending()).toBe(0);
  });
});
