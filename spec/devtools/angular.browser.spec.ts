// The element in an Angular template (CUSTOM_ELEMENTS_SCHEMA, a property binding), zoneless, in Chromium.
import '../angular/helpers/testBed.js';
import { Component, CUSTOM_ELEMENTS_SCHEMA, provideZonelessChangeDetection, signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { of } from 'rxjs';
import { defineTaskTrackerDevtools } from '../../lib/devtools/index.js';
import { semaphoreTracker } from '../helpers/trackers.js';

const root = semaphoreTracker(2);

@Component({
  selector: 'app-with-devtools',
  schemas: [CUSTOM_ELEMENTS_SCHEMA],
  template: `@if (shown()) {
    <task-tracker-devtools [tracker]="tracker"></task-tracker-devtools>
  }`,
})
class WithDevtoolsComponent {
  readonly tracker = root;
  readonly shown = signal(true);
}

describe('<task-tracker-devtools> in an Angular template', () => {
  it('takes the tracker from a property binding, and unsubscribes when Angular removes it', async () => {
    defineTaskTrackerDevtools();
    TestBed.configureTestingModule({ providers: [provideZonelessChangeDetection()] });
    const fixture = TestBed.createComponent(WithDevtoolsComponent);
    await fixture.whenStable();
    await root.childTrackerBuilder().name('images').build().spawn(of(1));
    await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));

    const element: HTMLElement = fixture.nativeElement.querySelector('task-tracker-devtools');
    expect(element.querySelector('tr[data-path="root/images"] [data-metric="success"]')!.textContent).toBe('1');
    expect(root._ledger._eventListeners).toBe(1);
    fixture.componentInstance.shown.set(false);
    await fixture.whenStable();
    expect(fixture.nativeElement.querySelector('task-tracker-devtools')).toBeNull();
    expect(root._ledger._eventListeners).toBe(0);
  });
});
