import type { Language } from '../../preload/api.ts';

/** The words of the report's student, answer and raw-data parts, in each UI language. */
export interface ReportInstructorText {
  studentSection: string;
  studentId: string;
  noStudent: string;
  variant: string;
  noVariables: string;
  saltFingerprint: string;
  unsalted: string;
  derivation: string;
  questionsSection: string;
  answer: string;
  noAnswer: string;
  answeredAt: string;
  citationMissing: string;
  dataSection: string;
  dataSha256: string;
  seal: string;
  sealed: (fingerprint: string) => string;
  notSealed: string;
  dataExplanation: string;
}

const english: ReportInstructorText = {
  studentSection: 'Student',
  studentId: 'Student id',
  noStudent: 'No student id was set when this run started.',
  variant: 'Variant',
  noVariables: 'This lab gives every student the same values.',
  saltFingerprint: 'Course salt fingerprint',
  unsalted: 'none (the lab has no course salt)',
  derivation: 'Derivation',
  questionsSection: 'Questions and answers',
  answer: 'Answer',
  noAnswer: 'No answer was written.',
  answeredAt: 'last edited',
  citationMissing: 'not measured in this run',
  dataSection: 'Raw data',
  dataSha256: 'SHA-256 of the embedded data',
  seal: 'Course seal',
  sealed: (fingerprint) => `sealed with the course salt ${fingerprint}`,
  notSealed: 'not sealed (the lab has no course salt)',
  dataExplanation:
    'This report embeds its raw data (scenario, seed, environment, samples, events, metrics, checks, answers) in a machine-readable block. `proclab verify` recomputes what can be derived from it, draws this page again from it and lists every difference; `proclab rerun` runs the same scenario and seed again for comparison.',
};

const brazilianPortuguese: ReportInstructorText = {
  studentSection: 'Estudante',
  studentId: 'Identificação do estudante',
  noStudent: 'Nenhuma identificação de estudante foi definida quando esta execução começou.',
  variant: 'Variante',
  noVariables: 'Este laboratório dá os mesmos valores a todos os estudantes.',
  saltFingerprint: 'Impressão digital do sal da disciplina',
  unsalted: 'nenhuma (o laboratório não tem sal da disciplina)',
  derivation: 'Derivação',
  questionsSection: 'Perguntas e respostas',
  answer: 'Resposta',
  noAnswer: 'Nenhuma resposta foi escrita.',
  answeredAt: 'última edição',
  citationMissing: 'não medido nesta execução',
  dataSection: 'Dados brutos',
  dataSha256: 'SHA-256 dos dados embutidos',
  seal: 'Selo da disciplina',
  sealed: (fingerprint) => `selado com o sal da disciplina ${fingerprint}`,
  notSealed: 'sem selo (o laboratório não tem sal da disciplina)',
  dataExplanation:
    'Este relatório embute os seus dados brutos (cenário, semente, ambiente, amostras, eventos, métricas, verificações, respostas) num bloco legível por máquina. `proclab verify` recalcula o que pode ser derivado deles, desenha esta página de novo a partir deles e lista cada diferença; `proclab rerun` executa de novo o mesmo cenário com a mesma semente para comparação.',
};

export const reportInstructorTexts: Record<Language, ReportInstructorText> = { en: english, 'pt-BR': brazilianPortuguese };
