import { writeFileSync } from 'node:fs';
import { renderTables } from '../../../common/tables/renderTables.ts';
import { tablesAsText } from '../../../common/tables/textTables.ts';
import type { CheckResult, Language } from '../../../preload/api.ts';
import { schema } from '../../scenario/schema.ts';
import { exitCodes, UsageError } from '../cliErrors.ts';
import { languageOf, sharedFlags, type Command } from '../commandLine.ts';
import { runInTerminal, runResultJson } from '../runInTerminal.ts';
import { overridesFrom, resolveScenario, studentIdFrom } from '../scenarioSource.ts';
import { openService } from '../serviceForCommand.ts';

function describeChecks(checks: readonly CheckResult[], language: Language): string {
  return checks.map((check) => `${check.passed ? 'pass' : 'FAIL'}  ${check.title[language] ?? check.title.en} (${check.detail})`).join('\n');
}

const pipedOutputWidth = 120;

export const runCommand: Command = {
  name: 'run',
  summary: 'Runs a lab’s default scenario, or a scenario file, against real servers on 127.0.0.1, and records the run.',
  arguments: [{ name: 'LAB|LAB_DIR|FILE', help: 'A lab (see proclab list), a lab folder, or a scenario file.' }],
  flags: [
    sharedFlags.set,
    sharedFlags.student,
    sharedFlags.seed,
    sharedFlags.database,
    { ...sharedFlags.json, help: 'Print one JSON object {runId, status, metrics, checks, error} on stdout.' },
    {
      name: 'report',
      valueName: 'OUT.html',
      node: schema.string({ description: { en: 'Also write the run’s report to this file.', 'pt-BR': 'Também escreve o relatório da execução neste arquivo.' }, default: '' }),
    },
    { ...sharedFlags.language, help: 'en (default) or pt-BR: the language of the result tables (and of the report).' },
  ],
  notes: `Ctrl+C cancels the run cleanly (servers and workers are released); a run until stopped (load.duration: 0) ends normally with what it measured, and a second Ctrl+C cancels it.

Exit codes: 0 the run succeeded; 1 it failed or was cancelled; 2 bad input.`,
  async run(line) {
    const [target] = line.arguments as [string];
    const seed = line.values.seed as number | undefined;
    const asJson = line.values.json === true;
    const reportPath = line.values.report as string;
    const language = languageOf(line);
    const overrides = overridesFrom(line.values.set);
    const studentId = studentIdFrom(line.values.student);
    const service = openService(line, 'cli');
    try {
      const source = resolveScenario(target, overrides, service.catalog, studentId);
      const started = service.startScenario(source.lab, source.text, seed, { student: source.student });
      if (!started.ok) throw new UsageError('diagnostics' in started ? `${source.label}: invalid scenario` : started.error.message);
      const { runId } = started.value;
      if (!asJson) process.stderr.write(`run ${runId} (${source.lab.definition.id}, ${source.label})\n`);
      const finished = await runInTerminal(service, runId, { json: asJson });
      if (reportPath !== '') {
        // The lab may be a folder outside the catalog (an instructor's work in progress).
        writeFileSync(reportPath, service.reportOfLab(runId, source.lab, language).html);
        if (!asJson) process.stderr.write(`report written to ${reportPath}\n`);
      }
      if (asJson) {
        process.stdout.write(`${runResultJson(finished)}\n`);
      } else {
        const tables = renderTables(source.lab.detail.tables, finished.metrics, language);
        // A terminal's own width; piped output keeps lines a reader (or a diff) can take in.
        const width = process.stdout.isTTY === true ? process.stdout.columns : pipedOutputWidth;
        if (tables.length > 0) process.stdout.write(`${tablesAsText(tables, width)}\n`);
        if (finished.checks.length > 0) process.stdout.write(`\n${describeChecks(finished.checks, language)}\n`);
        process.stdout.write(`\n${finished.status}${finished.error === null ? '' : `: ${finished.error.message}`}\n`);
      }
      return finished.status === 'succeeded' ? exitCodes.ok : exitCodes.runFailed;
    } finally {
      await service.close();
    }
  },
};
