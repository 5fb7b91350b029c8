/** The page's only stylesheet, inlined: the report must open from disk with no network at all. */
export const REPORT_CSS = `
:root { color-scheme: light; --ink: #1f2328; --muted: #59636e; --line: #d1d9e0; --ok: #1a7f37; --bad: #cf222e; --flag: #d55e00; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 1240px; padding: 24px; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); }
h1 { font-size: 24px; margin: 0 0 4px; }
h2 { font-size: 18px; margin: 32px 0 8px; padding-bottom: 4px; border-bottom: 1px solid var(--line); }
h3 { font-size: 15px; margin: 20px 0 4px; }
.run-line, .muted, figcaption { color: var(--muted); }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(160px, 1fr)); gap: 12px; margin: 16px 0; padding: 0; }
.cards div { border: 1px solid var(--line); border-radius: 6px; padding: 8px 12px; }
.cards dt { color: var(--muted); font-size: 12px; }
.cards dd { margin: 0; font-size: 20px; font-weight: 600; }
.charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(480px, 1fr)); gap: 16px; }
figure { margin: 12px 0; }
svg.chart { display: block; max-width: 100%; height: auto; }
figure.wide { grid-column: 1 / -1; }
svg.chart text { font: 11px system-ui, sans-serif; fill: var(--muted); }
svg.chart .axis-title { font-size: 12px; }
svg.chart .value-label { fill: var(--ink); }
svg.chart .grid { stroke: #eaeef2; }
svg.chart .axis { stroke: #8c959f; }
svg.chart .bar:not([fill]) { fill: #0072b2; }
svg.chart .bar.flagged, svg.chart .flag-marker { fill: var(--flag); }
svg.chart .threshold { stroke: var(--bad); stroke-width: 1.5; }
svg.chart .threshold-label { fill: var(--bad); }
svg.chart .reference { stroke: var(--muted); }
svg.chart .point { fill: #0072b2; fill-opacity: 0.7; }
svg.chart .empty { fill: #f6f8fa; stroke: var(--line); }
svg.chart .no-data { font-size: 16px; }
svg.chart [data-value]:hover { opacity: 0.75; }
table { border-collapse: collapse; margin: 8px 0; font-variant-numeric: tabular-nums; }
th, td { padding: 3px 10px; border-bottom: 1px solid var(--line); text-align: left; vertical-align: top; }
th { font-weight: 600; background: #f6f8fa; }
td.num, th.num { text-align: right; }
td { max-width: 420px; overflow-wrap: anywhere; }
.more td { color: var(--muted); font-style: italic; }
.result { font-size: 16px; font-weight: 600; }
.result.ok { color: var(--ok); }
.result.drift, .bad { color: var(--bad); }
details summary { cursor: pointer; color: var(--muted); }
footer { margin-top: 40px; color: var(--muted); font-size: 12px; }
`;
