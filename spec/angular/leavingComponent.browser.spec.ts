import './helpers/testBed.js';
import { AsyncPipe } from '@angular/common';
import { HttpClient, provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import {
  Component,
  ErrorHandler,
  inject,
  Injector,
  provideBrowserGlobalErrorListeners,
  provideZonelessChangeDetection,
  signal,
  type Type,
} from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { TestBed } from '@angular/core/testing';
import { defer, of, tap } from 'rxjs';
import { injectTaskTracker, provideChildTaskTracker, provideTaskTracker } from '../../lib/angular/index.js';
import { concatTask, SemaphoreScheduler, TaskTracker } from '../../lib/index.js';
import { watchErrors, type SeenErrors } from './helpers/watchErrors.js';

// Leaving a component while its loads run: whatever the order in which its
// DestroyRef callbacks run (the tracker's cancellation, takeUntilDestroyed, the
// async pipe), no subscriber is errored and nothing reaches the console or the
// ErrorHandler. Zoneless here; spec/angular/zone/ checks the same with zone.js.

interface User {
  readonly name: string;
}

/** The everyday pattern: the tracker is injected first, so its cancellation runs before takeUntilDestroyed. */
@Component({ selector: 'app-user', template: '{{ name() }}' })
class TrackerFirstComponent {
  private readonly http = inject(HttpClient);
  readonly tracker = injectTaskTracker({ name: 'user' });
  readonly name = signal('loading');
  readonly ends: string[] = [];

  constructor() {
    this.tracker
      .spawn$(this.http.get<User>('/api/user'))
      .pipe(
        takeUntilDestroyed(),
        tap({ error: () => this.ends.push('error'), complete: () => this.ends.push('complete') }),
      )
      .subscribe((user) => this.name.set(user.name)); // no error callback, as usual
  }
}

/** The other order: takeUntilDestroyed registers first, the tracker is made (lazily) after it. */
@Component({ selector: 'app-user-late', template: '{{ name() }}' })
class SubscriberFirstComponent {
  private readonly http = inject(HttpClient);
  private readonly injector = inject(Injector);
  tracker: TaskTracker | undefined;
  readonly name = signal('loading');
  readonly ends: string[] = [];

  constructor() {
    // takeUntil subscribes to its notifier (here: registers on DestroyRef) before its source.
    defer(() => (this.tracker = injectTaskTracker({ name: 'late', injector: this.injector })).spawn$(this.http.get<User>('/api/user')))
      .pipe(takeUntilDestroyed())
      .subscribe({
        next: (user) => this.name.set(user.name),
        error: () => this.ends.push('error'),
        complete: () => this.ends.push('complete'),
      });
  }
}

/** A subtree's tracker from provideChildTaskTracker, with a task operator over it. */
@Component({
  selector: 'app-orders',
  providers: [provideChildTaskTracker({ name: 'orders' })],
  template: '{{ names().join(", ") }}',
})
class ProvidedChildComponent {
  private readonly http = inject(HttpClient);
  readonly tracker = inject(TaskTracker);
  readonly names = signal<string[]>([]);
  readonly ends: string[] = [];

  constructor() {
    of(1, 2, 3)
      .pipe(
        concatTask(this.tracker, (id) => this.http.get<User>(`/api/orders/${id}`)),
        takeUntilDestroyed(),
      )
      .subscribe({
        next: (order) => this.names.update((names) => [...names, order.name]),
        error: () => this.ends.push('error'),
        complete: () => this.ends.push('complete'),
      });
    this.tracker.spawn$(this.http.get<User>('/api/summary')).subscribe((summary) => this.names.update((names) => [summary.name, ...names]));
  }
}

/** The async pipe: the view's teardown unsubscribes it, the tracker's DestroyRef callback cancels the load. */
@Component({
  selector: 'app-profile',
  imports: [AsyncPipe],
  template: '{{ (user$ | async)?.name }}',
})
class AsyncPipeComponent {
  private readonly http = inject(HttpClient);
  readonly tracker = injectTaskTracker({ name: 'profile' });
  readonly user$ = this.tracker.spawn$(this.http.get<User>('/api/user'));
}

describe('leaving a component during a load (Angular, zoneless, in Chromium)', () => {
  let httpTesting: HttpTestingController;
  let seen: SeenErrors;

  beforeEach(() => {
    seen = watchErrors();
    TestBed.configureTestingModule({
      providers: [
        provideZonelessChangeDetection(),
        provideBrowserGlobalErrorListeners(),
        provideHttpClient(),
        provideHttpClientTesting(),
        provideTaskTracker({ scheduler: () => SemaphoreScheduler.withPermits(2), pendingTasks: false }),
        { provide: ErrorHandler, useValue: seen.errorHandler },
      ],
    });
    httpTesting = TestBed.inject(HttpTestingController);
  });

  afterEach(() => seen.stop());

  /** Creates `component`, lets it start its loads, destroys it mid-load, and waits a macrotask (RxJS reports unhandled errors in one). */
  async function leaveDuringLoad<C>(component: Type<C>, urls: string[]): Promise<C> {
    const fixture = TestBed.createComponent(component);
    await fixture.whenStable();
    const requests = urls.map((url) => httpTesting.expectOne(url));
    fixture.destroy();
    for (const request of requests) expect(request.cancelled).withContext(request.request.url).toBeTrue();
    await seen.settled();
    return fixture.componentInstance;
  }

  it('injectTaskTracker() + spawn$ + takeUntilDestroyed(), the tracker cancelled first: the stream completes, no error anywhere', async () => {
    const component = await leaveDuringLoad(TrackerFirstComponent, ['/api/user']);
    expect(seen.errors).toEqual([]);
    expect(component.ends).toEqual(['complete']);
    expect(component.tracker.metrics().snapshot()).toEqual(jasmine.objectContaining({ issued: 1, cancelled: 1, pending: 0 }));
  });

  it('injectTaskTracker() + spawn$ + takeUntilDestroyed(), takeUntilDestroyed first: unsubscribed, no error anywhere', async () => {
    const component = await leaveDuringLoad(SubscriberFirstComponent, ['/api/user']);
    expect(seen.errors).toEqual([]);
    expect(component.ends).toEqual(['complete']); // by takeUntilDestroyed
    expect(component.tracker!.metrics().snapshot()).toEqual(jasmine.objectContaining({ issued: 1, cancelled: 1, pending: 0 }));
  });

  it('provideChildTaskTracker(): concatTask + takeUntilDestroyed() and a bare spawn$ subscription end without an error', async () => {
    const component = await leaveDuringLoad(ProvidedChildComponent, ['/api/orders/1', '/api/summary']);
    httpTesting.expectNone('/api/orders/2'); // never started
    expect(seen.errors).toEqual([]);
    expect(component.ends).toEqual(['complete']);
    expect(component.tracker.metrics().snapshot()).toEqual(jasmine.objectContaining({ issued: 2, cancelled: 2, pending: 0 }));
  });

  it('the async pipe over spawn$: no error anywhere', async () => {
    const component = await leaveDuringLoad(AsyncPipeComponent, ['/api/user']);
    expect(seen.errors).toEqual([]);
    expect(component.tracker.metrics().snapshot()).toEqual(jasmine.objectContaining({ issued: 1, cancelled: 1, pending: 0 }));
  });

  it('a spawn$ subscribed after the component is gone completes at once, without an error or a request', async () => {
    const fixture = TestBed.createComponent(TrackerFirstComponent);
    httpTesting.expectOne('/api/user');
    fixture.destroy();
    const { tracker } = fixture.componentInstance;
    const ends: string[] = [];
    tracker.spawn$(TestBed.inject(HttpClient).get('/api/late')).subscribe({ error: () => ends.push('error'), complete: () => ends.push('complete') });
    httpTesting.expectNone('/api/late');
    await seen.settled();
    expect(ends).toEqual(['complete']);
    expect(seen.errors).toEqual([]);
  });
});
