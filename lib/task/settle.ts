import { Rejection } from './Rejection.js';
import type { TaskHandle } from './TaskHandle.js';
import { STATE, STREAM, SUCCESS } from './TaskState.js';

const nativeThen = Promise.prototype.then;
function ignore(): void {}

/**
 * @internal Settles an ended task's handle with its outcome, once; `rejection`,
 * when given, is one shared by many handles (a cancelled tracker's). A streaming
 * task's handle is never seen outside and never settles: its sink is told instead.
 */
export function settle(handle: TaskHandle<unknown>, rejection?: Rejection): void {
  if ((handle._state & STREAM) !== 0) return;
  const resolve = handle._end as (value: unknown) => void;
  handle._end = undefined;
  if ((handle._state & STATE) === SUCCESS) {
    resolve(handle._stage);
  } else {
    // Nobody may be listening: a handler attached before the rejection keeps an
    // ignored handle from ever reporting an unhandled rejection (and spares the
    // runtime's unhandled-rejection bookkeeping). Awaiting it still throws.
    nativeThen.call(handle, undefined, ignore);
    resolve(rejection ?? new Rejection(handle._stage));
  }
}
