import './helpers/testBed.js';
import { AsyncPipe } from '@angular/common';
import { HttpClient, provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { Component, inject, provideZonelessChangeDetection, signal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { TestBed } from '@angular/core/testing';
import { forkJoin, lastValueFrom, tap } from 'rxjs';
import { injectTaskTracker, provideTaskTracker } from '../../lib/angular/index.js';
import { SemaphoreScheduler, TaskCancelledError, TaskTracker } from '../../lib/index.js';

interface User {
  readonly name: string;
}

@Component({ selector: 'app-user-card', template: '' })
class UserCardComponent {
  private readonly http = inject(HttpClient);
  readonly tracker = injectTaskTracker({ name: 'user-card' });
  readonly user$ = this.tracker.spawn$(this.http.get<User>('/api/users/7'));
}

@Component({
  selector: 'app-user',
  template: `@if (user.hasValue()) {{{ user.value().name }}} @else {loading}`,
})
class UserComponent {
  private readonly http = inject(HttpClient);
  readonly tracker = injectTaskTracker({ name: 'user' });
  readonly id = signal(1);
  readonly user = rxResource({
    params: () => this.id(),
    stream: ({ params }) => this.tracker.spawn$(this.http.get<User>(`/api/users/${params}`)),
  });
}

/** Six users loaded at once through the async pipe, on the application's tracker (2 slots in the spec). */
@Component({
  selector: 'app-users-page',
  imports: [AsyncPipe],
  template: `@if (users$ | async; as users) {{{ users.length }} users} @else {loading}`,
})
class UsersPageComponent {
  private readonly http = inject(HttpClient);
  protected readonly tracker: TaskTracker = inject(TaskTracker);
  readonly users$ = forkJoin([1, 2, 3, 4, 5, 6].map((id) => this.tracker.spawn$(this.http.get<User>(`/api/users/${id}`))));
}

/** The same on a tracker of its own, cancelled (OwnerDestroyed) when the page goes, before or after the async pipe lets go. */
@Component({
  selector: 'app-own-users-page',
  imports: [AsyncPipe],
  template: `@if (users$ | async; as users) {{{ users.length }} users} @else {loading}`,
})
class OwnUsersPageComponent extends UsersPageComponent {
  protected override readonly tracker = injectTaskTracker({ name: 'users' });
}

describe('Angular compositions (HttpClient, rxResource; zoneless, in Chromium)', () => {
  let httpTesting: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [
        provideZonelessChangeDetection(),
        provideHttpClient(),
        provideHttpClientTesting(),
        provideTaskTracker({ scheduler: () => SemaphoreScheduler.withPermits(1) }),
      ],
    });
    httpTesting = TestBed.inject(HttpTestingController);
  });

  afterEach(() => httpTesting.verify());

  function childTracker(name: string): TaskTracker {
    return TestBed.runInInjectionContext(() => injectTaskTracker({ name }));
  }

  it('spawn$(http.get(url)) delivers the response through the tracker', async () => {
    const tracker = childTracker('users');
    // lastValueFrom, not firstValueFrom: unsubscribing before the end cancels the task.
    const user = lastValueFrom(tracker.spawn$(TestBed.inject(HttpClient).get<User>('/api/users/1')));
    httpTesting.expectOne('/api/users/1').flush({ name: 'Ada' });
    expect(await user).toEqual({ name: 'Ada' });
    expect(tracker.metrics().success()).toBe(1);
  });

  it('spawn$(http.get(url)): cancelling the tracker cancels the request in flight; a queued one is never sent', () => {
    const http = TestBed.inject(HttpClient);
    const tracker = childTracker('users');
    const errors: unknown[] = [];
    tracker.spawn$(http.get('/api/users/1')).subscribe({ error: (error: unknown) => errors.push(error) });
    tracker.spawn$(http.get('/api/users/2')).subscribe({ error: (error: unknown) => errors.push(error) });
    const inFlight = httpTesting.expectOne('/api/users/1');
    httpTesting.expectNone('/api/users/2'); // waiting for the one slot

    tracker.cancel('user left the page');

    expect(inFlight.cancelled).toBeTrue();
    httpTesting.expectNone('/api/users/2');
    expect(errors).toEqual([jasmine.any(TaskCancelledError), jasmine.any(TaskCancelledError)]);
    expect((errors[0] as TaskCancelledError).reason).toBe('user left the page');
    expect(tracker.metrics().snapshot()).toEqual(jasmine.objectContaining({ issued: 2, started: 1, cancelled: 2 }));
  });

  it('spawn$(http.get(url)) in a component: destroying it cancels the request, and the subscriber is completed, not errored', () => {
    const fixture = TestBed.createComponent(UserCardComponent);
    const ends: string[] = [];
    // No error callback, as in an application: an error here would be reported as unhandled.
    fixture.componentInstance.user$.pipe(tap({ error: () => ends.push('error'), complete: () => ends.push('complete') })).subscribe();
    const request = httpTesting.expectOne('/api/users/7');
    fixture.destroy();
    expect(request.cancelled).toBeTrue();
    expect(ends).toEqual(['complete']);
    expect(fixture.componentInstance.tracker.metrics().cancelled()).toBe(1);
  });

  it('rxResource({ params, stream: ({ params }) => tracker.spawn$(...) }): a new params value cancels the previous load', async () => {
    const fixture = TestBed.createComponent(UserComponent);
    const { tracker, id } = fixture.componentInstance;
    TestBed.tick();
    const first = httpTesting.expectOne('/api/users/1');
    expect(fixture.nativeElement.textContent).toBe('loading');

    id.set(2);
    TestBed.tick();
    expect(first.cancelled).toBeTrue();
    httpTesting.expectOne('/api/users/2').flush({ name: 'Grace' });

    await fixture.whenStable();
    expect(fixture.nativeElement.textContent).toBe('Grace');
    expect(tracker.metrics().snapshot()).toEqual(jasmine.objectContaining({ issued: 2, success: 1, cancelled: 1, pending: 0 }));
  });
});

describe('leaving a page whose template loads through the async pipe (zoneless, in Chromium)', () => {
  let httpTesting: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [
        provideZonelessChangeDetection(),
        provideHttpClient(),
        provideHttpClientTesting(),
        provideTaskTracker({ scheduler: () => SemaphoreScheduler.withPermits(2), pendingTasks: false }),
      ],
    });
    httpTesting = TestBed.inject(HttpTestingController);
  });

  it('the async pipe over a forkJoin of 6 spawn$ on 2 slots: leaving the page sends no queued request (only the 2 running ones were ever sent)', async () => {
    const root = TestBed.inject(TaskTracker);
    const fixture = TestBed.createComponent(UsersPageComponent);
    await fixture.whenStable();
    expect(fixture.nativeElement.textContent).toBe('loading');
    expect(root.metrics().snapshot()).toEqual(jasmine.objectContaining({ active: 2, queued: 4 }));

    fixture.destroy(); // the async pipe unsubscribes the forkJoin, which unsubscribes the six spawn$ in turn

    const sent = httpTesting.match(() => true);
    expect(sent.map((request) => request.request.url)).toEqual(['/api/users/1', '/api/users/2']);
    expect(sent.every((request) => request.cancelled)).toBeTrue();
    expect(root.metrics().snapshot()).toEqual(jasmine.objectContaining({ issued: 6, started: 2, cancelled: 6, pending: 0 }));
  });

  it('the same with the page’s own injectTaskTracker(): still only the 2 running requests were sent', async () => {
    const root = TestBed.inject(TaskTracker);
    const fixture = TestBed.createComponent(OwnUsersPageComponent);
    await fixture.whenStable();
    fixture.destroy();
    const sent = httpTesting.match(() => true);
    expect(sent.map((request) => request.request.url)).toEqual(['/api/users/1', '/api/users/2']);
    expect(root.metrics().snapshot()).toEqual(jasmine.objectContaining({ issued: 6, started: 2, cancelled: 6, pending: 0 }));
  });
});
