import { asyncScheduler } from 'rxjs';
import type { DevtoolsState, FailureEntry, TimelineBar, TrackerRow } from '../DevtoolsState.js';
import type { DevtoolsMessage } from './DevtoolsMessage.js';
import type { PanelFeed } from './PanelFeed.js';

const MAX_BARS = 1000;
const MAX_FAILURES = 200;

/**
 * @internal The feed of a tracker on a server, through `devtoolsHandler`'s
 * Server-Sent Events stream at `${base}/stream`; cancel buttons POST to
 * `${base}/cancel` when the server allows it.
 */
export function remoteFeed(base: string): PanelFeed {
  const root = base.replace(/\/+$/, '');
  let rows: readonly TrackerRow[] = [];
  let bars: TimelineBar[] = [];
  let failures: FailureEntry[] = [];
  let serverNow = 0;
  let receivedAt = 0;
  let windowMs = 10_000;
  let allowCancel = false;
  let problem: string | undefined = 'connecting…';
  /** Finished rows the user cleared: the server still sends them, this panel no longer shows them. */
  const hidden = new Set<string>();

  const feed: PanelFeed = {
    connect(onChange) {
      const source = new EventSource(`${root}/stream`);
      const onState = (event: MessageEvent<string>) => {
        const message = JSON.parse(event.data) as DevtoolsMessage;
        ({ rows, windowMs, allowCancel } = message);
        serverNow = message.now;
        receivedAt = asyncScheduler.now();
        bars = message.reset ? message.bars.slice() : bars.concat(message.bars);
        failures = message.reset ? message.failures.slice() : failures.concat(message.failures);
        if (bars.length > MAX_BARS) bars = bars.slice(bars.length - MAX_BARS);
        if (failures.length > MAX_FAILURES) failures = failures.slice(failures.length - MAX_FAILURES);
        problem = undefined;
        onChange();
      };
      const onError = () => {
        problem = 'disconnected, retrying…';
        onChange();
      };
      source.addEventListener('state', onState);
      source.addEventListener('error', onError);
      return () => {
        source.removeEventListener('state', onState);
        source.removeEventListener('error', onError);
        source.close();
      };
    },
    state(): DevtoolsState {
      const now = serverNow + (receivedAt === 0 ? 0 : asyncScheduler.now() - receivedAt);
      const since = now - windowMs;
      return { now, windowMs, rows: rows.filter((row) => !hidden.has(row.path)), bars: bars.filter((bar) => bar.ended >= since), failures };
    },
    get canCancel() {
      return allowCancel;
    },
    cancel(path) {
      fetch(`${root}/cancel`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ path }) }).then(
        (response) => {
          if (!response.ok) problem = `cancel ${path}: HTTP ${response.status}`;
        },
        (error: unknown) => {
          problem = `cancel ${path}: ${String(error)}`;
        },
      );
    },
    clear() {
      bars = [];
      failures = [];
      for (const row of rows) if (row.finished && row.depth > 0) hidden.add(row.path);
    },
    status: () => problem,
  };
  return feed;
}
