import type { Language } from '../../preload/api.ts';

export interface FeedbackText {
  heading: string;
  student: string;
  report: string;
  variant: string;
  total: string;
  integrity: string;
  integrityOk: string;
  integrityProblems: string;
  checks: string;
  check: string;
  points: string;
  result: string;
  outcomes: Record<'passed' | 'partial' | 'failed' | 'missing' | 'not-applicable', string>;
  hiddenChecks: (points: string, max: string, count: number) => string;
  questions: string;
  notMarked: string;
  otherReports: (count: number) => string;
}

const english: FeedbackText = {
  heading: 'Feedback',
  student: 'Student',
  report: 'Report graded',
  variant: 'Your variant',
  total: 'Total',
  integrity: 'Report integrity',
  integrityOk: 'The report matches the data it embeds.',
  integrityProblems: 'The report does not match the data it embeds:',
  checks: 'Checks',
  check: 'Check',
  points: 'Points',
  result: 'Result',
  outcomes: { passed: 'passed', partial: 'partial credit', failed: 'failed', missing: 'not measured', 'not-applicable': 'did not apply to your scenario' },
  hiddenChecks: (points, max, count) => `Further checks (${count}, not shown): ${points} of ${max} points.`,
  questions: 'Questions',
  notMarked: 'not marked yet',
  otherReports: (count) => `${count} earlier report(s) of yours were found; the latest run was graded.`,
};

const brazilianPortuguese: FeedbackText = {
  heading: 'Retorno',
  student: 'Estudante',
  report: 'Relatório avaliado',
  variant: 'A sua variante',
  total: 'Total',
  integrity: 'Integridade do relatório',
  integrityOk: 'O relatório corresponde aos dados que embute.',
  integrityProblems: 'O relatório não corresponde aos dados que embute:',
  checks: 'Verificações',
  check: 'Verificação',
  points: 'Pontos',
  result: 'Resultado',
  outcomes: { passed: 'passou', partial: 'crédito parcial', failed: 'falhou', missing: 'não medido', 'not-applicable': 'não se aplicava ao seu cenário' },
  hiddenChecks: (points, max, count) => `Outras verificações (${count}, não mostradas): ${points} de ${max} pontos.`,
  questions: 'Perguntas',
  notMarked: 'ainda não avaliado',
  otherReports: (count) => `Foram encontrados ${count} relatório(s) seu(s) mais antigo(s); a execução mais recente foi avaliada.`,
};

export const feedbackTexts: Record<Language, FeedbackText> = { en: english, 'pt-BR': brazilianPortuguese };
