import { Observable } from 'rxjs';
import { inspectAs, inspectKey } from '../errors/inspectAs.js';
import { logError } from '../errors/logError.js';
import { checkSignal } from './checkSignal.js';

/**
 * Something that must react when a token is cancelled: a tracker or a task.
 * The owner is told before any listener, so the work it owns is torn down
 * before user callbacks (an `abort` listener, a `cancelled$` subscriber) run.
 * @internal
 */
export interface CancellationOwner {
  _onTokenCancelled(reason: unknown): void;
}

type CancelListener = (reason: unknown) => void;

/**
 * A cancellation signal that forms a tree, in the manner of tokio-util's
 * `CancellationToken`: cancelling a token cancels all its child tokens, and a
 * child never cancels its parent.
 *
 * It bridges the two ways JavaScript code listens for cancellation: RxJS code
 * reads {@link CancellationToken.cancelled$} (for example with `takeUntil`),
 * promise code passes {@link CancellationToken.signal} to `fetch` and any other
 * API that takes an `AbortSignal`.
 *
 * Why not `AbortSignal.any`: it leaks in Node when one input is long-lived
 * (nodejs/node#55351), and a tracker's token is long-lived. This token keeps its
 * own tree instead, and a child is only referenced by its parent while somebody
 * listens to it (a `signal` was read, `cancelled$` is subscribed, `cancelled()`
 * or `onCancel()` was called). A token nobody listens to still answers
 * {@link CancellationToken.isCancelled} correctly: it asks its ancestors.
 *
 * Guarantees:
 * - `cancel()` is idempotent; only the first call's reason is kept.
 * - A child made from a cancelled parent starts cancelled, with the parent's reason.
 * - Every token of the tree is marked cancelled before any listener runs, so a
 *   listener always sees a consistent tree.
 *
 * @example
 * ```ts
 * const parent = new CancellationToken();
 * const child = parent.childToken();
 * fetch('/api/items', { signal: child.signal }); // aborts when parent is cancelled
 * parent.cancel('page closed');
 * child.isCancelled(); // true
 * child.reason;        // 'page closed'
 * ```
 * @category Cancellation
 */
export class CancellationToken {
  private _cancelled = false;
  private _reason: unknown = undefined;
  /** @internal */
  _parent: CancellationToken | undefined;
  /** @internal */
  _owner: CancellationOwner | undefined;
  /** Children that need to be told of cancellation (they have listeners). */
  private _children: Set<CancellationToken> | undefined = undefined;
  private _attached = false;
  private _listeners: CancelListener[] | undefined = undefined;
  private _controller: AbortController | undefined = undefined;
  private _promise: Promise<void> | undefined = undefined;
  private _cancelled$: Observable<void> | undefined = undefined;

  /**
   * Creates a root token. Use {@link CancellationToken.childToken} for a child.
   */
  constructor() {
    this._parent = undefined;
    this._owner = undefined;
  }

  /** @internal What `console.log` and `util.inspect` show in Node: `CancellationToken { cancelled, reason }`. */
  [inspectKey](): object {
    return inspectAs('CancellationToken', { cancelled: this.isCancelled(), reason: this.reason });
  }

  /**
   * A root token cancelled when `signal` aborts, with the signal's reason; a
   * signal that has aborted already gives a cancelled token. The token stops
   * listening to the signal once it is cancelled (by the signal or by
   * `cancel()`): a token made from a long-lived signal and never cancelled keeps
   * its listener as long as the signal lives.
   *
   * @throws TypeError if `signal` is not an `AbortSignal`.
   *
   * @example
   * ```ts
   * const controller = new AbortController();
   * const tracker = TaskTracker.builder().cancellationToken(CancellationToken.from(controller.signal)).build();
   * controller.abort('leaving'); // cancels the tracker, reason 'leaving'
   * ```
   * @since 0.2.0
   */
  static from(signal: AbortSignal): CancellationToken {
    checkSignal(signal ?? null, 'CancellationToken.from(signal)');
    const token = new CancellationToken();
    if (signal.aborted) {
      token._cancelled = true;
      token._reason = signal.reason;
      return token;
    }
    const onAbort = (): void => {
      try {
        token.cancel(signal.reason);
      } catch (error) {
        // A listener of the token threw: the token told everyone else regardless.
        logError('rx-task-tracker: a cancel listener threw', error);
      }
    };
    signal.addEventListener('abort', onAbort);
    token.onCancel(() => signal.removeEventListener('abort', onAbort));
    return token;
  }

  /** @internal Creates a child token that reports to `owner` when cancelled. */
  static _owned(parent: CancellationToken | undefined, owner: CancellationOwner): CancellationToken {
    const token = new CancellationToken();
    token._parent = parent;
    token._owner = owner;
    return token;
  }

  /**
   * Whether this token, or any of its ancestors, was cancelled.
   *
   * @example
   * ```ts
   * const token = new CancellationToken();
   * token.isCancelled(); // false
   * token.cancel();
   * token.isCancelled(); // true
   * ```
   */
  isCancelled(): boolean {
    if (this._cancelled) return true;
    for (let ancestor = this._parent; ancestor !== undefined; ancestor = ancestor._parent) {
      if (ancestor._cancelled) {
        // Nobody listens to this token (else the ancestor would have told it), so
        // adopting the state silently is all there is to do.
        this._cancelled = true;
        this._reason = ancestor._reason;
        this._parent = undefined;
        return true;
      }
    }
    return false;
  }

  /**
   * Why the token was cancelled: the value given to the first `cancel()` call in
   * this token or its ancestors, or a `DOMException` named `AbortError` when it
   * was cancelled without a reason (as `AbortController.abort()` does).
   * `undefined` while the token is not cancelled.
   */
  get reason(): unknown {
    return this.isCancelled() ? this._reason : undefined;
  }

  /**
   * Cancels this token and every child token. Idempotent.
   *
   * @param reason Why; kept in {@link CancellationToken.reason} and used as the
   *   `AbortSignal`'s reason. Defaults to a `DOMException` named `AbortError`.
   * @returns `true` if this call cancelled the token, `false` if it already was.
   *
   * @example
   * ```ts
   * const token = new CancellationToken();
   * token.cancel(new Error('user left')); // true
   * token.cancel();                       // false: already cancelled
   * ```
   */
  cancel(reason?: unknown): boolean {
    if (this.isCancelled()) return false;
    const why = reason === undefined ? defaultCancelReason() : reason;
    // Breadth-first and without recursion: a 10,000-deep chain of trackers must not
    // overflow the stack, and parents are told before their children.
    const tokens: CancellationToken[] = [this];
    this._cancelled = true;
    this._reason = why;
    for (let i = 0; i < tokens.length; i++) {
      const children = tokens[i]._children;
      if (children === undefined) continue;
      for (const child of children) {
        if (child._cancelled) continue;
        child._cancelled = true;
        child._reason = why;
        tokens.push(child);
      }
    }
    this._detach();
    let failure: { error: unknown } | undefined;
    for (const token of tokens) {
      const error = token._notify();
      if (error !== undefined && failure === undefined) failure = error;
    }
    if (failure !== undefined) throw failure.error;
    return true;
  }

  /**
   * Creates a child token: it is cancelled when this token is (with this token's
   * reason), and cancelling it never affects this token. If this token is already
   * cancelled, the child starts cancelled.
   *
   * @example
   * ```ts
   * const page = new CancellationToken();
   * const request = page.childToken();
   * request.cancel(); // page is untouched
   * page.isCancelled(); // false
   * ```
   */
  childToken(): CancellationToken {
    const child = new CancellationToken();
    child._parent = this;
    return child;
  }

  /**
   * An `AbortSignal` that aborts, with {@link CancellationToken.reason}, when this
   * token is cancelled. Created on first read, so tokens nobody passes to `fetch`
   * cost no `AbortController`.
   *
   * @example
   * ```ts
   * const token = new CancellationToken();
   * cancelButton.onclick = () => token.cancel('cancelled by the user');
   * await fetch('/api/items', { signal: token.signal }); // aborts when the token is cancelled
   * ```
   */
  get signal(): AbortSignal {
    if (this._controller === undefined) {
      const controller = new AbortController();
      this._controller = controller;
      if (this.isCancelled()) controller.abort(this._reason);
      else this._attach();
    }
    return this._controller.signal;
  }

  /**
   * A promise that resolves (never rejects) once this token is cancelled.
   *
   * @example
   * ```ts
   * await token.cancelled();
   * console.log('stopped because', token.reason);
   * ```
   */
  cancelled(): Promise<void> {
    if (this._promise === undefined) {
      this._promise = this.isCancelled()
        ? Promise.resolve()
        : new Promise<void>((resolve) => this.onCancel(() => resolve()));
    }
    return this._promise;
  }

  /**
   * An Observable that emits once and completes when this token is cancelled, at
   * once for a subscriber that comes after cancellation. Use it as a `takeUntil`
   * notifier.
   *
   * @example
   * ```ts
   * interval(1000).pipe(takeUntil(token.cancelled$)).subscribe(console.log);
   * ```
   */
  get cancelled$(): Observable<void> {
    if (this._cancelled$ === undefined) {
      this._cancelled$ = new Observable<void>((subscriber) => {
        const done = () => {
          subscriber.next();
          subscriber.complete();
        };
        if (this.isCancelled()) {
          done();
          return undefined;
        }
        return this.onCancel(done);
      });
    }
    return this._cancelled$;
  }

  /**
   * Calls `listener` once, with the reason, when this token is cancelled; at once
   * if it already is.
   *
   * @returns A function that removes the listener. Call it when you stop caring,
   *   so the token (and its ancestors) can forget this one.
   *
   * @example
   * ```ts
   * const stop = token.onCancel((reason) => socket.close());
   * // later, if the socket closed on its own:
   * stop();
   * ```
   */
  onCancel(listener: (reason: unknown) => void): () => void {
    if (this.isCancelled()) {
      listener(this._reason);
      return noop;
    }
    (this._listeners ??= []).push(listener);
    this._attach();
    return () => this._removeListener(listener);
  }

  /**
   * @internal Cuts this token from its parent once its owner is done: from then on
   * it is cancelled only by a direct `cancel()`. A finished task's token must not
   * keep its tracker's token (or the tracker) busy with it.
   */
  _release(): void {
    this._detach();
    this._owner = undefined;
    if (!this._cancelled) this._parent = undefined;
  }

  private _removeListener(listener: CancelListener): void {
    const listeners = this._listeners;
    if (listeners === undefined) return;
    const index = listeners.indexOf(listener);
    if (index >= 0) listeners.splice(index, 1);
    this._detachIfUnused();
  }

  /** Makes sure a cancellation of any ancestor reaches this token's listeners. */
  private _attach(): void {
    for (let token: CancellationToken = this; token._parent !== undefined && !token._attached; ) {
      const parent: CancellationToken = token._parent;
      (parent._children ??= new Set()).add(token);
      token._attached = true;
      token = parent;
    }
  }

  private _detach(): void {
    const parent = this._parent;
    if (this._attached && parent !== undefined) {
      this._attached = false;
      parent._children?.delete(this);
      parent._detachIfUnused();
    }
  }

  private _detachIfUnused(): void {
    if (
      this._attached &&
      this._controller === undefined &&
      (this._listeners === undefined || this._listeners.length === 0) &&
      (this._children === undefined || this._children.size === 0)
    ) {
      this._detach();
    }
  }

  /** Runs the owner hook, the abort and the listeners; returns the first error thrown. */
  private _notify(): { error: unknown } | undefined {
    const reason = this._reason;
    const owner = this._owner;
    const controller = this._controller;
    const listeners = this._listeners;
    this._owner = undefined;
    this._listeners = undefined;
    this._children = undefined;
    this._attached = false;
    this._parent = undefined;
    let failure: { error: unknown } | undefined;
    const run = (fn: () => void) => {
      try {
        fn();
      } catch (error) {
        failure ??= { error };
      }
    };
    if (owner !== undefined) run(() => owner._onTokenCancelled(reason));
    if (controller !== undefined) run(() => controller.abort(reason));
    if (listeners !== undefined) for (const listener of listeners) run(() => listener(reason));
    return failure;
  }
}

function noop(): void {}

/** @internal The reason used when `cancel()` gets none, as `AbortController.abort()` does. */
export function defaultCancelReason(): DOMException {
  return new DOMException('The operation was cancelled.', 'AbortError');
}
