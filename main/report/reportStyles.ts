/**
 * The report's only styling, inlined so the file opens offline anywhere. Print rules aim at A4:
 * sections flow on, dense but whole: a chart, table row or question is never split.
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
  /* A printed run flows from section to section, small and dense but whole: on A4 a default run
     reads in a few pages, and no chart, table row, question or list of facts is split. */
  body { max-width: none; padding: 0; font-size: 9pt; line-height: 1.35; }
  * { print-color-adjust: exact; -webkit-print-color-adjust: exact; }
  header { margin-bottom: .6rem; }
  h1 { font-size: 1.35rem; }
  h2 { break-after: avoid; margin: .8rem 0 .3rem; font-size: 1.05rem; }
  figure.chart, tr, .question, dl.facts { break-inside: avoid; }
  table.metrics caption { break-after: avoid; }
  thead { display: table-header-group; }
  pre { white-space: pre-wrap; }
  .table-halves { display: grid; grid-template-columns: 1fr 1fr; gap: 0 1rem; align-items: start; }
  .closing { display: grid; grid-template-columns: 1fr 1fr; gap: 0 1.5rem; }
  .overview { display: grid; grid-template-columns: 1.25fr 1fr; gap: 0 1.5rem; }
  .overview h2 { margin-top: .3rem; }
  .overview dl.facts { font-size: 8pt; gap: .05rem .8rem; }
  /* The scenario without its comments has short lines: three columns hold it without wrapping. */
  pre.scenario { column-count: 3; column-gap: 1rem; column-rule: 1px solid var(--rule); white-space: pre; overflow-wrap: normal; font-size: 6.5pt; line-height: 1.25; padding: .3rem .4rem; margin: .2rem 0; }
  .scenario-note { font-size: 7pt; margin: 0; }
  /* Three charts a row (a heat map takes two places). */
  .chart-grid { display: grid; grid-template-columns: 1fr 1fr 1fr; gap: .2rem .5rem; }
  figure.chart { margin: 0; }
  figure.chart.wide { grid-column: span 2; }
  table { margin: .2rem 0 .5rem; }
  table.metrics, table.timeline, table.checks { font-size: 7pt; }
  table.metrics caption { padding: .1rem 0; }
  table.timeline td, table.timeline th, table.checks td, table.checks th, table.metrics td, table.metrics th { padding: .08rem .3rem; }
  td.event-data { overflow-wrap: anywhere; }
  table.timeline code, td.check-passed, td.check-failed { white-space: nowrap; }
  .question { margin: .2rem 0 .3rem; font-size: 8pt; line-height: 1.3; }
  .question p { margin: .1rem 0; }
  .question .answer { margin-top: .1rem; padding: 0 .6rem; }
  .question .answer .empty { margin: 0; font-size: 7.5pt; }
  .answer-space { min-height: 4rem; }
  #integrity, #raw-data { font-size: 7.5pt; }
  #integrity h2, #raw-data h2 { font-size: .95rem; margin-top: .5rem; }
  #integrity p, #raw-data p { margin: .2rem 0; }
  footer { margin-top: .5rem; font-size: 7pt; }
}
`;
