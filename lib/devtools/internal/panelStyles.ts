/** @internal Outcome colours, shared by the stacked bars, the timeline and the legend. */
export const COLORS = {
  success: '#2e9e5b',
  failed: '#d64545',
  cancelled: '#c9a227',
  rejected: '#8a5cc2',
  pending: '#4a8fd6',
} as const;

/** @internal The panel's styles, scoped by its class so they touch nothing else on the page. */
export const PANEL_CSS = `
.rxtt { font: 12px/1.4 system-ui, sans-serif; color: #1d2330; background: #fbfcfe; border: 1px solid #d5dbe5;
  border-radius: 6px; padding: 8px; box-sizing: border-box; min-width: 420px; }
.rxtt * { box-sizing: border-box; }
.rxtt h3 { font-size: 12px; margin: 10px 0 4px; text-transform: uppercase; letter-spacing: .04em; color: #5b6578; }
.rxtt header { display: flex; gap: 8px; align-items: center; }
.rxtt header strong { flex: 1; }
.rxtt .rxtt-status { color: #a33; }
.rxtt table { border-collapse: collapse; width: 100%; }
.rxtt td { padding: 1px 4px; height: 21px; vertical-align: middle; white-space: nowrap; }
.rxtt tr.rxtt-finished { color: #8a93a3; }
.rxtt tr.rxtt-finished .rxtt-bar { opacity: .45; }
.rxtt .rxtt-name { font-family: ui-monospace, monospace; }
.rxtt .rxtt-state { font-size: 11px; border-radius: 3px; padding: 0 4px; background: #e7ebf2; }
.rxtt .rxtt-state-cancelled { background: #f6e7b8; }
.rxtt .rxtt-bar { display: flex; width: 160px; height: 10px; background: #e7ebf2; border-radius: 2px; overflow: hidden; }
.rxtt .rxtt-bar span { display: block; height: 100%; }
.rxtt .rxtt-counts { font-variant-numeric: tabular-nums; }
.rxtt button { font: inherit; font-size: 11px; line-height: 1.3; padding: 0 6px; cursor: pointer; }
.rxtt svg { display: block; width: 100%; background: #fff; border: 1px solid #e1e6ee; }
.rxtt .rxtt-failures { max-height: 160px; overflow: auto; margin: 4px 0 0; padding: 0; list-style: none; font-family: ui-monospace, monospace; }
.rxtt .rxtt-failures li { white-space: pre-wrap; word-break: break-word; }
.rxtt .rxtt-legend span { margin-right: 10px; }
.rxtt .rxtt-legend i { display: inline-block; width: 9px; height: 9px; margin-right: 3px; border-radius: 2px; }
`;
