import '../angular/helpers/testBed.js';
import { Injectable, inject, provideZonelessChangeDetection } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import type { Observable } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { injectTaskTracker, provideTaskTracker } from '../../lib/angular/index.js';
import { SemaphoreScheduler, TaskTracker } from '../../lib/index.js';
import { recordTaskMarbles } from '../../lib/testing/index.js';

// The example of README.md, "Recording the tasks of a service", as written there, with real Angular (TestBed, zoneless).
abstract class ReportsApi {
  abstract load(id: string): Observable<string>;
}

@Injectable({ providedIn: 'root' })
class ReportsService {
  private readonly api = inject(ReportsApi);
  private readonly tracker = injectTaskTracker({ name: 'reports' });

  refresh(ids: string[]): void {
    for (const id of ids) this.tracker.spawn(this.api.load(id), { name: `report ${id}` });
  }
}

describe('recordTaskMarbles on an Angular service (README example, in Chromium)', () => {
  it('loads two reports at a time', () => {
    new TestScheduler((actual, expected) => expect(actual).toEqual(expected)).run(({ cold, flush }) => {
      const latency: Record<string, Observable<string>> = { a: cold('--x|'), b: cold('----x|'), c: cold('-x|') };
      TestBed.configureTestingModule({
        providers: [
          provideZonelessChangeDetection(),
          provideTaskTracker({ scheduler: () => SemaphoreScheduler.withPermits(2) }),
          { provide: ReportsApi, useValue: { load: (id: string) => latency[id] } },
        ],
      });
      const record = recordTaskMarbles(TestBed.inject(TaskTracker)); // the app's root tracker: every task below it
      TestBed.inject(ReportsService).refresh(['a', 'b', 'c']);
      flush();
      expect(record()).toEqual(
        jasmine.objectContaining({
          'report a': '^--!',
          'report b': '^----!',
          'report c': '---^-!', // waited for a's slot
        }),
      );
    });
  });
});
