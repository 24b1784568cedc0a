import type { DevtoolsModel } from '../DevtoolsModel.js';
import type { DevtoolsState } from '../DevtoolsState.js';

/** @internal Where the panel gets its data: a local model, or a server's stream. */
export interface PanelFeed {
  /** Starts following; `onChange` asks for a redraw. Returns the stop function. */
  connect(onChange: () => void): () => void;
  /** The current state (reading it may refresh it). */
  state(): DevtoolsState;
  /** Whether the cancel buttons work. */
  readonly canCancel: boolean;
  /** Cancels the tracker at `path`. */
  cancel(path: string): void;
  /** Forgets finished rows, the timeline and the failure log. */
  clear(): void;
  /** A line about the connection for the header, or `undefined` when there is nothing to say. */
  status(): string | undefined;
}

/** @internal The feed of a tracker in this page. */
export function localFeed(model: DevtoolsModel): PanelFeed {
  return {
    connect: (onChange) => {
      const connection = model.connect(onChange);
      return () => connection.unsubscribe();
    },
    state: () => model.state(),
    canCancel: true,
    cancel: (path) => void model.cancel(path),
    clear: () => model.clear(),
    status: () => undefined,
  };
}
