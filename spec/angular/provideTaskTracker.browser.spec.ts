import './helpers/testBed.js';
import { ApplicationRef, inject, InjectionToken, PendingTasks, provideZonelessChangeDetection } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { Subject, throwError, timer } from 'rxjs';
import { provideTaskTracker, type TaskTrackerConfig } from '../../lib/angular/index.js';
import { LogOnlyPolicy, OwnerDestroyed, RetryPolicy, SemaphoreScheduler, TaskTimeoutError, TaskTracker } from '../../lib/index.js';

const PERMITS = new InjectionToken<number>('permits');

describe('provideTaskTracker (Angular, zoneless, in Chromium)', () => {
  function setup(config?: TaskTrackerConfig, extra: unknown[] = []): void {
    TestBed.configureTestingModule({ providers: [provideZonelessChangeDetection(), provideTaskTracker(config), ...(extra as never[])] });
  }

  function configure(config?: TaskTrackerConfig, extra: unknown[] = []): TaskTracker {
    setup(config, extra);
    return TestBed.inject(TaskTracker);
  }

  /** The values ApplicationRef.isStable takes from now on. */
  function watchStability(): boolean[] {
    const seen: boolean[] = [];
    TestBed.inject(ApplicationRef).isStable.subscribe((stable) => seen.push(stable));
    return seen;
  }

  it("makes the application's root tracker, injectable as TaskTracker: named 'app', 6 slots, failures logged", async () => {
    const logged = spyOn(console, 'error');
    const root = configure({ pendingTasks: false });
    expect(root).toBeInstanceOf(TaskTracker);
    expect(root.parent).toBeUndefined();
    expect(root.path).toBe('app');
    expect(TestBed.inject(TaskTracker)).toBe(root);
    await expectAsync(root.spawn(throwError(() => new Error('boom')))).toBeRejected();
    expect(logged).toHaveBeenCalled();
    for (let i = 0; i < 7; i++) root.spawn(new Subject<void>());
    expect(root.metrics().snapshot()).toEqual(jasmine.objectContaining({ active: 6, queued: 1 }));
  });

  it('takes a name, a timeout, and factories run in the injection context, once per application', async () => {
    let made = 0;
    const root = configure(
      {
        name: 'shop',
        scheduler: () => {
          made++;
          return SemaphoreScheduler.withPermits(inject(PERMITS));
        },
        errorPolicy: () => new LogOnlyPolicy({ logger: () => {} }),
        timeout: 10,
        pendingTasks: false,
      },
      [{ provide: PERMITS, useValue: 1 }],
    );
    expect(root.path).toBe('shop');
    root.spawn(new Subject<void>()).catch(() => {});
    root.spawn(new Subject<void>()).catch(() => {});
    expect(root.metrics().snapshot()).toEqual(jasmine.objectContaining({ active: 1, queued: 1 }));
    await expectAsync(root.spawn(new Subject<void>())).toBeRejectedWith(jasmine.any(TaskTimeoutError));
    TestBed.inject(TaskTracker);
    expect(made).toBe(1);
  });

  it('cancels the root, and so every tracker under it, when the application is destroyed', async () => {
    const root = configure();
    const child = root.childTracker();
    const task = child.spawn(new Subject<void>());
    TestBed.resetTestingModule(); // destroys the test application's injector
    expect(root.isClosed()).toBeTrue();
    expect(child.isClosed()).toBeTrue();
    await expectAsync(task).toBeRejectedWith(jasmine.objectContaining({ reason: new OwnerDestroyed('application destroyed') }));
  });

  it('keeps the application unstable while any task is pending, with one PendingTasks entry for them all', async () => {
    setup({ scheduler: () => SemaphoreScheduler.withPermits(2) });
    const add = spyOn(TestBed.inject(PendingTasks), 'add').and.callThrough();
    const root = TestBed.inject(TaskTracker); // made now, on first injection
    const stability = watchStability();
    expect(stability).toEqual([true]);

    const child = root.childTracker();
    const loads = [root.spawn(timer(30)), child.spawn(timer(10)), child.spawn(timer(20))];
    expect(stability).toEqual([true, false]);
    expect(add).toHaveBeenCalledTimes(1); // not one per task

    await TestBed.inject(ApplicationRef).whenStable();
    expect(loads.map((load) => load.status)).toEqual(['success', 'success', 'success']);
    expect(stability).toEqual([true, false, true]);

    root.spawn(timer(5));
    expect(add).toHaveBeenCalledTimes(2); // taken again on the next 0 → 1
    await TestBed.inject(ApplicationRef).whenStable();
    expect(root.metrics().pending()).toBe(0);
  });

  it('waits through a retry: a task waiting for its next attempt is still pending', async () => {
    let attempts = 0;
    const root = configure({ errorPolicy: () => new RetryPolicy({ retries: 2, initialDelay: 15, jitter: 'none' }) });
    const task = root.spawn(() => (++attempts < 3 ? Promise.reject(new Error('flaky')) : Promise.resolve('loaded')));
    await TestBed.inject(ApplicationRef).whenStable();
    expect(task.status).toBe('success');
    expect(attempts).toBe(3);
  });

  it('leaves stability alone with pendingTasks: false', () => {
    const root = configure({ pendingTasks: false });
    const stability = watchStability();
    root.spawn(new Subject<void>());
    expect(stability).toEqual([true]);
  });

  it('gives the entry back when the application is destroyed mid-load', () => {
    setup();
    const pendingTasks = TestBed.inject(PendingTasks);
    const add = pendingTasks.add.bind(pendingTasks);
    const removers: jasmine.Spy[] = [];
    spyOn(pendingTasks, 'add').and.callFake(() => {
      const remover = jasmine.createSpy('remove', add());
      removers.push(remover.and.callThrough());
      return remover;
    });
    const root = TestBed.inject(TaskTracker);
    root.spawn(new Subject<void>());
    expect(removers.length).toBe(1);
    expect(removers[0]).not.toHaveBeenCalled();
    TestBed.resetTestingModule();
    expect(removers[0]).toHaveBeenCalledTimes(1);
  });
});
