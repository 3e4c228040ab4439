/**
 * The report's stylesheet: system fonts only (the page is read offline, and a web font would be a
 * request), a readable measure for prose, full width for charts, and a print layout that keeps each
 * figure on one page. No inline `style` attributes anywhere, so the Content-Security-Policy can
 * allow exactly this sheet and uPlot's by hash.
 */
export const REPORT_CSS = `
:root {
  color-scheme: light;
  --ink: #1f2328; --muted: #59636e; --rule: #d1d9e0; --soft: #f6f8fa; --link: #0550ae;
  --fault: rgba(220, 38, 38, 0.16); --fault-edge: #b91c1c;
  --page: #c2410c; --ticket: #ca8a04; --other: #7c3aed;
  --held: #1a7f37; --deviated: #b35900; --aborted: #9a3412; --error: #b91c1c; --unfinished: #59636e;
}
*, *::before, *::after { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body {
  margin: 0; color: var(--ink); background: #fff;
  font: 16px/1.6 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Liberation Sans", "DejaVu Sans", sans-serif;
}
.wrap { max-width: 72rem; margin-left: auto; margin-right: auto; padding-left: clamp(1rem, 4vw, 2.5rem); padding-right: clamp(1rem, 4vw, 2.5rem); }
code, pre, kbd { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, "Liberation Mono", "DejaVu Sans Mono", monospace; font-size: 0.9em; }
a { color: var(--link); }
h1, h2, h3, h4 { line-height: 1.25; margin: 1.6em 0 0.5em; }
h1 { font-size: clamp(1.6rem, 3.5vw, 2.2rem); margin-top: 0.2em; }
h2 { font-size: 1.45rem; border-bottom: 1px solid var(--rule); padding-bottom: 0.25em; }
h3 { font-size: 1.15rem; }
.muted { color: var(--muted); }

/* Header and verdict */
.report-header { background: var(--soft); border-bottom: 1px solid var(--rule); border-top: 6px solid var(--verdict); padding: 1.25rem 0 1rem; }
.verdict-held { --verdict: var(--held); } .verdict-deviated { --verdict: var(--deviated); } .verdict-aborted { --verdict: var(--aborted); }
.verdict-error { --verdict: var(--error); } .verdict-unfinished { --verdict: var(--unfinished); }
.eyebrow { margin: 0; color: var(--muted); font-size: 0.85rem; letter-spacing: 0.06em; text-transform: uppercase; }
.verdict-line { margin: 0.25rem 0; display: flex; flex-wrap: wrap; align-items: baseline; gap: 0.5rem 0.75rem; }
.verdict-badge { background: var(--verdict); color: #fff; font-weight: 700; text-transform: uppercase; letter-spacing: 0.05em; padding: 0.15rem 0.7rem; border-radius: 0.3rem; }
.exit-code { color: var(--muted); font-size: 0.9rem; }
.verdict-meaning { font-weight: 600; }
.reasons { margin: 0.5rem 0 0.75rem; padding-left: 1.25rem; }
.reasons li { margin: 0.15rem 0; }
.left-behind { border-left: 4px solid var(--error); background: #fff1f0; padding: 0.5rem 0.75rem; }
.facts { display: flex; flex-wrap: wrap; gap: 0.25rem 2rem; margin: 0.75rem 0; font-size: 0.92rem; }
.facts div { display: flex; gap: 0.4rem; }
.facts dt { color: var(--muted); }
.facts dd { margin: 0; }
.glance { list-style: none; display: flex; flex-wrap: wrap; gap: 0.5rem; margin: 0.75rem 0 0; padding: 0; }
.glance li { background: #fff; border: 1px solid var(--rule); border-radius: 0.4rem; padding: 0.3rem 0.7rem; }
.glance-value { font-weight: 700; font-variant-numeric: tabular-nums; }
.glance-label { color: var(--muted); font-size: 0.9rem; }
.glance-value .muted { font-weight: 400; }

/* Charts */
.key { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: 0.3rem 1.5rem; font-size: 0.9rem; color: var(--muted); }
.swatch { display: inline-block; width: 1.1em; height: 0.8em; margin-right: 0.4em; vertical-align: -0.05em; border-radius: 2px; }
.swatch-fault { background: var(--fault); border: 1px solid var(--fault-edge); }
.swatch-page { background: var(--page); } .swatch-ticket { background: var(--ticket); } .swatch-other { background: var(--other); }
.chart-figure { margin: 1.5rem 0 2rem; break-inside: avoid; page-break-inside: avoid; }
.chart-figure figcaption h3 { margin: 0; }
.chart-note { margin: 0.15rem 0 0.5rem; color: var(--muted); font-size: 0.9rem; }
.chart { width: 100%; min-height: 12rem; }
.chart-fallback { color: var(--muted); font-style: italic; }
.chart .uplot { font-family: inherit; }
.chart .u-legend { font-size: 0.85rem; text-align: left; margin: 0.25rem 0 0; }
.chart .u-legend .u-series > * { padding: 2px 4px; }
.chart .u-axis { font-size: 12px; }
details.data { margin-top: 0.5rem; font-size: 0.9rem; }
details.data summary { cursor: pointer; color: var(--link); }
.table-scroll { overflow-x: auto; }
table { border-collapse: collapse; margin: 0.75rem 0; font-size: 0.9rem; font-variant-numeric: tabular-nums; }
caption { text-align: left; color: var(--muted); padding-bottom: 0.3rem; }
th, td { border: 1px solid var(--rule); padding: 0.3rem 0.6rem; text-align: left; vertical-align: top; }
thead th { background: var(--soft); }
.windows td:first-child, .windows td:nth-child(n+4) { white-space: nowrap; }
.warning { color: var(--error); }
.empty { color: var(--muted); font-style: italic; }

/* The post-mortem itself: a readable measure */
.postmortem { max-width: 46rem; }
.postmortem h1 { font-size: 1.8rem; }
.postmortem pre { background: var(--soft); border: 1px solid var(--rule); border-radius: 0.4rem; padding: 0.75rem 1rem; overflow-x: auto; }
.postmortem :not(pre) > code { background: var(--soft); padding: 0.1em 0.3em; border-radius: 0.25rem; }
.postmortem blockquote { margin: 1em 0; padding: 0 1em; color: var(--muted); border-left: 4px solid var(--rule); }
.postmortem img { max-width: 100%; }
.postmortem table { display: block; overflow-x: auto; }
.raw-html { font-family: ui-monospace, Menlo, Consolas, "DejaVu Sans Mono", monospace; font-size: 0.85em; color: var(--muted); white-space: pre-wrap; }
footer { color: var(--muted); font-size: 0.85rem; margin-top: 3rem; }
footer .wrap { border-top: 1px solid var(--rule); padding-top: 1rem; padding-bottom: 2rem; }

@media (max-width: 40rem) {
  body { font-size: 15px; }
  .facts { gap: 0.2rem 1rem; }
}

@media print {
  @page { margin: 14mm 12mm; }
  body { font-size: 10.5pt; }
  .report-header { background: none; border-bottom: 2px solid var(--verdict); }
  .verdict-badge, .swatch, .report-header { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  .wrap { max-width: none; padding-left: 0; padding-right: 0; }
  .postmortem { max-width: none; }
  details.data:not([open]) { display: none; }
  .chart .u-legend .u-value { display: none; }
  .postmortem a[href^="http"]::after { content: " (" attr(href) ")"; color: var(--muted); font-size: 0.85em; }
  h2, h3 { break-after: avoid; page-break-after: avoid; }
}
`;
