/**
 * The report's only styling, inlined so the file opens offline anywhere. Print rules aim at A4:
 * every major section starts a page, and a chart, table row or question is never split.
 */
export const reportStyles = `
:root { color-scheme: light; --ink: #1b1f24; --muted: #57606a; --rule: #d0d7de; --pass: #1a7f37; --fail: #cf222e; }
* { box-sizing: border-box; }
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); margin: 0 auto; max-width: 60rem; padding: 2rem; line-height: 1.45; }
header { border-bottom: 2px solid var(--ink); margin-bottom: 1.5rem; }
h1 { font-size: 1.6rem; margin: 0 0 .25rem; }
h2 { font-size: 1.25rem; border-bottom: 1px solid var(--rule); padding-bottom: .2rem; margin-top: 2rem; }
.subtitle { color: var(--muted); margin: 0 0 .75rem; }
code, pre, .hash { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size: .85em; }
pre { background: #f6f8fa; border: 1px solid var(--rule); padding: .75rem; white-space: pre-wrap; overflow-wrap: anywhere; }
.hash { overflow-wrap: anywhere; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; font-size: .9rem; }
th, td { border: 1px solid var(--rule); padding: .3rem .5rem; text-align: left; vertical-align: top; }
thead th { background: #f6f8fa; }
td.number, th.number { text-align: right; font-variant-numeric: tabular-nums; }
table.metrics { font-size: .8rem; }
table.metrics caption { text-align: left; font-weight: 600; padding: .25rem 0; }
table.metrics tbody th { font-weight: 600; background: #fbfcfd; white-space: nowrap; }
td.missing { color: var(--muted); }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .25rem 1rem; margin: 0; }
dl.facts dt { color: var(--muted); }
dl.facts dd { margin: 0; overflow-wrap: anywhere; }
.status-succeeded, .check-passed { color: var(--pass); font-weight: 600; }
.status-failed, .status-interrupted, .check-failed { color: var(--fail); font-weight: 600; }
figure.chart { margin: 1rem 0; }
figure.chart svg { max-width: 100%; height: auto; }
.empty { color: var(--muted); font-style: italic; }
.question { margin: 1rem 0 1.5rem; }
.answer-space { border: 1px solid var(--rule); min-height: 9rem; padding: .5rem; color: var(--muted); }
footer { margin-top: 2rem; color: var(--muted); font-size: .8rem; }
@page { size: A4; margin: 16mm 14mm; }
@media print {
  body { max-width: none; padding: 0; font-size: 10pt; }
  * { print-color-adjust: exact; -webkit-print-color-adjust: exact; }
  section.starts-page { break-before: page; }
  h2 { break-after: avoid; }
  figure.chart, tr, .question, dl.facts { break-inside: avoid; }
  table.metrics caption { break-after: avoid; }
  thead { display: table-header-group; }
  pre { white-space: pre-wrap; }
  h2 { margin-top: 1.2rem; font-size: 1.1rem; }
  /* Two charts a row and the scenario in two columns: a run reads in a few pages, nothing cut. */
  .chart-grid { display: grid; grid-template-columns: 1fr 1fr; gap: .4rem .8rem; }
  figure.chart { margin: 0; }
  pre.scenario { column-count: 2; column-gap: 1.2rem; font-size: 7pt; line-height: 1.3; padding: .4rem; }
  table.metrics { font-size: 7.5pt; margin-bottom: .5rem; }
  table.timeline { font-size: 7.5pt; }
  table.timeline td, table.metrics td, table.metrics th { padding: .15rem .3rem; }
  td.event-data { overflow-wrap: anywhere; }
  .answer-space { min-height: 4rem; }
  .question { margin: .5rem 0 .8rem; }
}
`;
