import type { Language } from '../../preload/api.ts';

/** The words of a hand-in report (several runs of one lab in one document), in each UI language. */
export interface HandinText {
  heading: (runCount: number) => string;
  contents: string;
  overviewSection: string;
  runHeading: (position: number) => string;
  runsOfHandin: string;
  differencesSection: string;
  defaultScenario: string;
  settingColumn: string;
  defaultColumn: string;
  thisRunColumn: string;
  notSet: string;
  checksOverRuns: string;
  passedInRuns: string;
  passedInNone: string;
  noLabChecks: string;
  answerOfRun: (position: number) => string;
  runSha256: string;
  integrityExplanation: string;
}

const english: HandinText = {
  heading: (runCount) => `Hand-in report · ${runCount} ${runCount === 1 ? 'run' : 'runs'}`,
  contents: 'Contents',
  overviewSection: 'Overview',
  runHeading: (position) => `Run ${position}`,
  runsOfHandin: 'Runs',
  differencesSection: 'Scenario: what differs from the lab’s default',
  defaultScenario: 'The lab’s default scenario, unchanged.',
  settingColumn: 'Setting',
  defaultColumn: 'Lab default',
  thisRunColumn: 'This run',
  notSet: '(not set)',
  checksOverRuns: 'Checks over all runs',
  passedInRuns: 'Passed in',
  passedInNone: 'in no run',
  noLabChecks: 'This lab has no checks.',
  answerOfRun: (position) => `Run ${position}`,
  runSha256: 'Run SHA-256',
  integrityExplanation:
    'Each run’s SHA-256 covers what that run recorded (run id, lab, engine, seed, scenario text, status, samples, timeline, metrics and checks, as canonical JSON); proclab verify recomputes every one of them, and the checks, from the raw data below.',
};

const brazilianPortuguese: HandinText = {
  heading: (runCount) => `Relatório de entrega · ${runCount} ${runCount === 1 ? 'execução' : 'execuções'}`,
  contents: 'Sumário',
  overviewSection: 'Visão geral',
  runHeading: (position) => `Execução ${position}`,
  runsOfHandin: 'Execuções',
  differencesSection: 'Cenário: o que difere do padrão do laboratório',
  defaultScenario: 'O cenário padrão do laboratório, sem alterações.',
  settingColumn: 'Parâmetro',
  defaultColumn: 'Padrão do laboratório',
  thisRunColumn: 'Esta execução',
  notSet: '(não definido)',
  checksOverRuns: 'Verificações em todas as execuções',
  passedInRuns: 'Passou em',
  passedInNone: 'em nenhuma execução',
  noLabChecks: 'Este laboratório não tem verificações.',
  answerOfRun: (position) => `Execução ${position}`,
  runSha256: 'SHA-256 da execução',
  integrityExplanation:
    'O SHA-256 de cada execução cobre o que ela registrou (id da execução, laboratório, motor, semente, texto do cenário, situação, amostras, linha do tempo, métricas e verificações, em JSON canônico); o proclab verify recalcula cada um deles, e as verificações, a partir dos dados brutos abaixo.',
};

export const handinTexts: Record<Language, HandinText> = { en: english, 'pt-BR': brazilianPortuguese };
