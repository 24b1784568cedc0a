import { Observable, of, Subject } from 'rxjs';
import { TaskTracker, UnlimitedScheduler } from '../../lib/index.js';
import { mergeTask, switchTask } from '../../lib/operators/index.js';
import { quietPolicy } from '../helpers/trackers.js';

/** One request made by {@link httpGet}: its signal, and how its fetch ended ('answered' or the error's name). */
interface Request {
  readonly url: string;
  readonly signal: AbortSignal;
  readonly ended: Promise<string>;
}

/**
 * An HttpClient-like GET: a cold Observable that sends the request on subscribe
 * and aborts it on unsubscribe, as Angular's HttpClient does with its XHR.
 */
function httpGet(url: string, log: Request[]): Observable<string> {
  return new Observable<string>((subscriber) => {
    const controller = new AbortController();
    let done = false;
    const response = fetch(url, { signal: controller.signal }).then((r) => r.text());
    log.push({ url, signal: controller.signal, ended: response.then(() => 'answered', (error: Error) => error.name) });
    response.then(
      (body) => {
        done = true;
        subscriber.next(body);
        subscriber.complete();
      },
      (error: unknown) => {
        done = true;
        subscriber.error(error);
      },
    );
    return () => {
      if (!done) controller.abort();
    };
  });
}

function tracker(): TaskTracker {
  return new TaskTracker(new UnlimitedScheduler(), quietPolicy());
}

// Against Karma's own server: /context.html is the page the specs run in.
describe('operators abort real requests (browser fetch, Karma’s server)', () => {
  it('answers when left alone (the control for the specs below)', async () => {
    const requests: Request[] = [];
    const tasks = tracker();
    const body = await new Promise<string>((resolve, reject) =>
      of('/context.html').pipe(mergeTask(tasks, (url) => httpGet(url, requests))).subscribe({ next: resolve, error: reject }),
    );
    expect(body).toContain('<html');
    expect(await requests[0].ended).toBe('answered');
    expect(requests[0].signal.aborted).toBeFalse();
  });

  it('mergeTask: unsubscribing the output tears down an HttpClient-like Observable, which aborts its request', async () => {
    const requests: Request[] = [];
    const tasks = tracker();
    const subscription = of('/context.html?a', '/context.html?b')
      .pipe(mergeTask(tasks, (url) => httpGet(url, requests)))
      .subscribe({ error: (error: unknown) => fail(error) });
    expect(requests.length).toBe(2);
    subscription.unsubscribe();
    expect(requests.map((r) => r.signal.aborted)).toEqual([true, true]);
    expect(await Promise.all(requests.map((r) => r.ended))).toEqual(['AbortError', 'AbortError']);
    expect(tasks.metrics().snapshot()).toEqual(jasmine.objectContaining({ issued: 2, cancelled: 2, pending: 0 }));
  });

  it('mergeTask: unsubscribing the output aborts a fetch given the task’s token', async () => {
    const tasks = tracker();
    const signals: AbortSignal[] = [];
    const ended: Promise<string>[] = [];
    const subscription = of('/context.html')
      .pipe(
        mergeTask(tasks, (url, index, token) => {
          signals.push(token.signal);
          const response = fetch(url, { signal: token.signal });
          ended.push(response.then(() => 'answered', (error: Error) => error.name));
          return response;
        }),
      )
      .subscribe({ error: (error: unknown) => fail(error) });
    subscription.unsubscribe();
    expect(signals[0].aborted).toBeTrue();
    expect(await ended[0]).toBe('AbortError');
    await tasks.join();
    expect(tasks.metrics().snapshot()).toEqual(jasmine.objectContaining({ issued: 1, cancelled: 1, pending: 0 }));
  });

  it('switchTask: type-ahead aborts the previous search and answers the latest', async () => {
    const requests: Request[] = [];
    const tasks = tracker();
    const query = new Subject<string>();
    const body = new Promise<string>((resolve, reject) =>
      query.pipe(switchTask(tasks, (q) => httpGet(`/context.html?q=${q}`, requests))).subscribe({ next: resolve, error: reject }),
    );
    query.next('ty');
    query.next('type');
    expect(requests.map((r) => [r.url, r.signal.aborted])).toEqual([
      ['/context.html?q=ty', true],
      ['/context.html?q=type', false],
    ]);
    expect(await requests[0].ended).toBe('AbortError');
    expect(await body).toContain('<html');
    expect(tasks.metrics().snapshot()).toEqual(jasmine.objectContaining({ issued: 2, cancelled: 1, success: 1 }));
  });
});
