import { writeFileSync } from 'node:fs';
import { renderTables } from '../../../common/tables/renderTables.ts';
import { tablesAsText } from '../../../common/tables/textTables.ts';
import type { CheckResult, Language, RunEvent } from '../../../preload/api.ts';
import { exitCodes, UsageError } from '../cliErrors.ts';
import { integerOption, stringOption, type Command } from '../commandLine.ts';
import { overridesFrom, resolveScenario, studentHelp, studentIdFrom } from '../scenarioSource.ts';
import { databaseHelp, databaseOption, openService } from '../serviceForCommand.ts';

function describeChecks(checks: readonly CheckResult[], language: Language): string {
  return checks.map((check) => `${check.passed ? 'pass' : 'FAIL'}  ${check.title[language] ?? check.title.en} (${check.detail})`).join('\n');
}

const pipedOutputWidth = 120;

function languageOption(value: string | undefined): Language {
  if (value === undefined || value === 'en' || value === 'pt-BR') return value ?? 'en';
  throw new UsageError(`--language must be en or pt-BR, not "${value}"`);
}

export const runCommand: Command = {
  name: 'run',
  usage: 'proclab run LAB|LAB_DIR|FILE [--student ID] [--set path=value]... [--seed N] [--db FILE] [--json] [--report OUT.html] [--language en|pt-BR]',
  summary: 'Runs a lab’s default scenario, or a scenario file, against real servers on 127.0.0.1, and records the run.',
  help: `--set path=value  override a scenario value (repeatable): --set load.duration=2s --set servers.1.workers=8
${studentHelp}
--seed N          seed for everything random in the run (default: random; printed in the result)
${databaseHelp}
--json            print one JSON object {runId, status, metrics, checks, error} on stdout
--report OUT.html also write the run's report
--language L      en (default) or pt-BR: the language of the result tables (and of the report)
Ctrl+C cancels the run cleanly (servers and workers are released).
Exit codes: 0 the run succeeded; 1 it failed or was cancelled; 2 bad input.`,
  options: {
    set: { type: 'string', multiple: true },
    student: { type: 'string' },
    seed: { type: 'string' },
    json: { type: 'boolean' },
    report: { type: 'string' },
    language: { type: 'string' },
    ...databaseOption,
  },
  async run(parsed) {
    const target = parsed.positionals[0];
    if (target === undefined || parsed.positionals.length > 1) throw new UsageError(`usage: ${this.usage}`);
    const seed = integerOption(parsed, 'seed', 0, 0xffffffff);
    const asJson = parsed.values.json === true;
    const reportPath = stringOption(parsed, 'report');
    const language = languageOption(stringOption(parsed, 'language'));
    const overrides = overridesFrom(parsed.values.set);
    const studentId = studentIdFrom(parsed.values.student);
    const service = openService(parsed, 'cli');
    try {
      const source = resolveScenario(target, overrides, service.catalog, studentId);
      const started = service.startScenario(source.lab, source.text, seed, source.student);
      if (!started.ok) throw new UsageError('diagnostics' in started ? `${source.label}: invalid scenario` : started.error.message);
      const { runId } = started.value;
      const interactive = process.stderr.isTTY === true;
      const showEvent = (event: RunEvent): void => {
        if (event.kind === 'progress' && interactive) {
          process.stderr.write(`\r\x1b[K${(event.progress.fraction * 100).toFixed(0).padStart(3)}%  ${event.progress.phase}`);
        } else if (event.kind === 'timeline' && !asJson) {
          process.stderr.write(`${interactive ? '\r\x1b[K' : ''}${(event.event.timeMs / 1000).toFixed(1).padStart(6)} s  ${event.event.message}\n`);
        } else if (event.kind === 'log' && (event.line.level === 'warn' || event.line.level === 'error')) {
          process.stderr.write(`${interactive ? '\r\x1b[K' : ''}${event.line.level}: ${event.line.message}\n`);
        }
      };
      const unwatch = service.runs.events.watch(runId, showEvent);
      const cancel = (): void => {
        process.stderr.write('\nproclab: cancelling the run…\n');
        service.runs.cancel(runId);
      };
      process.once('SIGINT', cancel);
      process.once('SIGTERM', cancel);
      if (!asJson) process.stderr.write(`run ${runId} (${source.lab.definition.id}, ${source.label})\n`);
      const finished = await service.whenFinished(runId)!;
      process.off('SIGINT', cancel);
      process.off('SIGTERM', cancel);
      unwatch();
      if (interactive) process.stderr.write('\r\x1b[K');
      if (reportPath !== undefined) {
        // The lab may be a folder outside the catalog (an instructor's work in progress).
        writeFileSync(reportPath, service.reportOfLab(runId, source.lab, language).html);
        if (!asJson) process.stderr.write(`report written to ${reportPath}\n`);
      }
      if (asJson) {
        process.stdout.write(`${JSON.stringify({ runId, status: finished.status, metrics: finished.metrics ?? {}, checks: finished.checks, error: finished.error })}\n`);
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
