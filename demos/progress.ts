// Live progress of a few trackers in the terminal, driven by their metrics$.
// On a TTY it redraws one line per tracker in place (ANSI cursor movement); in a
// log (CI, a pipe) it prints one plain line at most every ~500 ms.
import { auditTime, combineLatest, throttleTime } from 'rxjs';
import type { Observable, Subscription } from 'rxjs';
import type { MetricsSnapshot, TaskTracker } from '../lib/index.js';

/** A running progress display; `stop()` draws the last frame and lets go of the streams. */
export interface Progress {
  stop(): void;
}

const MIN_BAR = 10;
const MAX_BAR = 30;
/** Redraws on a TTY at most every FRAME_MS, plain lines at most every PLAIN_MS. */
const FRAME_MS = 50;
const PLAIN_MS = 500;
const ESC = '\x1b[';

/**
 * Shows the progress of `trackers` (e.g. the root, then its children) on stdout:
 * redrawn in place on a TTY, as plain lines otherwise (CI logs, pipes).
 *
 * @example
 * ```ts
 * const progress = showProgress([root, users, images]);
 * await root.join();
 * progress.stop();
 * ```
 */
export function showProgress(trackers: readonly TaskTracker[]): Progress {
  const out = process.stdout;
  const interactive = out.isTTY === true;
  const color = interactive && !process.env.NO_COLOR;
  const width = Math.max(...trackers.map((t) => t.name.length));
  const started = Date.now();
  // Each metrics$ is already coalesced (one snapshot per burst); combine them and
  // limit the redraws to a frame rate a terminal (or a log) can take.
  const all$: Observable<MetricsSnapshot[]> = combineLatest(trackers.map((t) => t.metrics$));
  let drawn = false;

  const draw = (snapshots: MetricsSnapshot[]) => {
    if (interactive) {
      const lines = frame(trackers, snapshots, width, color, out.columns ?? 80).map((text) => `${ESC}2K${text}\n`);
      // Hide the cursor and turn off line wrapping while drawing, so a line too long
      // for a narrow terminal is clipped instead of breaking the cursor movement.
      out.write((drawn ? `${ESC}${trackers.length}A` : `${ESC}?25l${ESC}?7l`) + lines.join(''));
      drawn = true;
    } else {
      const elapsed = ((Date.now() - started) / 1000).toFixed(1).padStart(5);
      out.write(`[${elapsed} s] ${trackers.map((t, i) => plain(t, snapshots[i])).join(' | ')}\n`);
    }
  };
  const paced = interactive
    ? all$.pipe(auditTime(FRAME_MS))
    : all$.pipe(throttleTime(PLAIN_MS, undefined, { leading: true, trailing: true }));
  const subscription: Subscription = paced.subscribe(draw);
  const restoreTerminal = () => {
    if (drawn) out.write(`${ESC}?7h${ESC}?25h`);
  };
  // Ctrl-C during the run: give the terminal its cursor and wrapping back first.
  const interrupted = () => {
    restoreTerminal();
    process.exit(130);
  };
  if (interactive) {
    process.once('exit', restoreTerminal);
    process.once('SIGINT', interrupted);
  }

  return {
    stop() {
      subscription.unsubscribe();
      draw(trackers.map((t) => t.metrics().snapshot()));
      restoreTerminal();
      process.off('exit', restoreTerminal);
      process.off('SIGINT', interrupted);
    },
  };
}

/**
 * One line per tracker, all bars the same width, sized to what the terminal has
 * left (a wrapped line would break the redraw); a cancelled tracker's reason is
 * shown after its line when it fits.
 *
 * `images   [████████▒▒▒▒░░░░]  50/100  active  3  queued  12  failed  1  cancelled  38  cancelled: …`
 */
function frame(trackers: readonly TaskTracker[], snapshots: readonly MetricsSnapshot[], width: number, color: boolean, columns: number): string[] {
  const paint = (code: string, text: string) => (color && text.length > 0 ? `${ESC}${code}m${text}${ESC}0m` : text);
  const parts = trackers.map((tracker, i) => {
    const m = snapshots[i];
    const token = tracker.cancellationToken();
    return {
      m,
      head: `${tracker.name.padEnd(width)} [`,
      tail:
        `] ${`${m.totalCompleted}/${m.issued}`.padStart(7)}  active ${pad(m.active, 2)}  queued ${pad(m.queued, 3)}  ` +
        `failed ${pad(m.failed, 2)}  cancelled ${pad(m.cancelled, 3)}`,
      note: token.isCancelled() ? `  cancelled: ${String(token.reason)}` : '',
    };
  });
  const room = (withNotes: boolean) => columns - 1 - Math.max(...parts.map((p) => p.head.length + p.tail.length + (withNotes ? p.note.length : 0)));
  const notes = room(true) >= MIN_BAR;
  const barWidth = Math.max(MIN_BAR, Math.min(MAX_BAR, room(notes)));
  return parts.map(({ m, head, tail, note }) => {
    const cells = (n: number) => (m.issued === 0 ? 0 : Math.round((n / m.issued) * barWidth));
    const ok = cells(m.success);
    const bad = Math.min(cells(m.failed + m.rejected), barWidth - ok);
    const gone = Math.min(cells(m.cancelled), barWidth - ok - bad);
    const rest = barWidth - ok - bad - gone;
    const bar = paint('32', '█'.repeat(ok)) + paint('31', '█'.repeat(bad)) + paint('33', '▒'.repeat(gone)) + paint('2', '░'.repeat(rest));
    return head + bar + tail + (notes ? paint('33', note) : '');
  });
}

/** `images 50/100 (a3 q12 f1 c38)` */
function plain(tracker: TaskTracker, m: MetricsSnapshot): string {
  return `${tracker.name} ${m.totalCompleted}/${m.issued} (a${m.active} q${m.queued} f${m.failed} c${m.cancelled})`;
}

function pad(n: number, width: number): string {
  return String(n).padStart(width);
}
