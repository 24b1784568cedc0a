import type { DevtoolsState } from '../DevtoolsState.js';

/**
 * @internal One `state` message of the server's event stream: the rows as they
 * are, and the bars and failures recorded since the previous message (all of
 * them when `reset`, the first message of a connection).
 */
export interface DevtoolsMessage extends DevtoolsState {
  readonly reset: boolean;
  readonly allowCancel: boolean;
}
