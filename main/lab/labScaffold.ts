import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { engineNames, findEngine } from '../engines/engineRegistry.ts';
import { courseSaltFileName, hiddenChecksFileName, instructorFolderName } from './labFolderLayout.ts';
import { LabCatalog, loadLab, type Lab } from './labCatalog.ts';

export class ScaffoldError extends Error {
  override readonly name = 'ScaffoldError';
}

function labYaml(labId: string, engine: string): string {
  return `# ${labId}: a proclab lab. docs/authoring-labs.md explains every key.
id: ${labId}
engine: ${engine}
title: { en: "${labId}", pt-BR: "${labId}" }
summary:
  en: "One sentence: what students measure and which claim of the lecture it tests."
  pt-BR: "Uma frase: o que os estudantes medem e qual afirmação da aula isso testa."

questions:
  - id: q1
    text:
      en: "Which of your measurements supports the lecture's claim, and by how much?"
      pt-BR: "Qual das suas medições sustenta a afirmação da aula, e em quanto?"
    rubric:
      - id: numbers
        points: 2
        text: { en: "Quotes the measured numbers (and cites them with {{metrics.path}})", pt-BR: "Cita os números medidos (com {{caminho.da.métrica}})" }
      - id: reasoning
        points: 2
        text: { en: "Explains the result with the lecture's model", pt-BR: "Explica o resultado com o modelo da aula" }

# Checks compare two measured values (or a value and a number) from the run's metrics.
# Run the lab once with \`proclab run ${labId} --json\` to see the metrics and their paths.
checks: []
#  - id: my-check
#    title: { en: "...", pt-BR: "..." }
#    expect: { left: "some.metric", op: ">=", factor: 1.5, right: "another.metric" }
#    points: 2
#    partialWithin: 0.25

# Per-student variants: each student id gets its own values (derived with the course salt).
variables: []
#  - id: my-variable
#    path: some.scenario.key
#    title: { en: "...", pt-BR: "..." }
#    values: [10ms, 20ms, 30ms]
`;
}

const instructionsEn = (labId: string): string => `# ${labId}

What the lecture claims, what this lab measures, and how to read the plots.

1. Run the default scenario.
2. Change one value at a time and run again.
3. Answer the questions with your own numbers.
`;

const instructionsPtBr = (labId: string): string => `# ${labId}

O que a aula afirma, o que este laboratório mede e como ler os gráficos.

1. Execute o cenário padrão.
2. Mude um valor de cada vez e execute de novo.
3. Responda às perguntas com os seus próprios números.
`;

const hiddenChecksYaml = `# Checks only the instructor's copy has: proclab grade evaluates them, proclab pack never
# packs this folder, and feedback never names them. Written like the checks in lab.yaml.
checks: []
`;

/** The scenario a new lab starts from: the one of a shipped lab of the same engine, which runs. */
function startingScenario(engine: string, catalog: LabCatalog): string {
  const shipped = catalog.list().find((summary) => summary.engine === engine && summary.origin === 'shipped');
  if (shipped !== undefined) return readFileSync(join(catalog.get(shipped.id)!.folder, 'scenario.yaml'), 'utf8');
  return `engine: ${engine}\n`;
}

/**
 * Writes a new lab folder that validates and runs: lab.yaml with a question, a rubric and
 * commented examples of checks and variables, the engine's scenario, instructions in both
 * languages, and an instructor/ folder for hidden checks and the course salt.
 */
export function scaffoldLab(parent: string, labId: string, engine: string, courseSalt: string): Lab {
  if (!/^[a-z0-9][a-z0-9-]{0,63}$/.test(labId)) throw new ScaffoldError(`"${labId}" is not a lab id (lower-case letters, digits and dashes)`);
  if (findEngine(engine) === undefined) throw new ScaffoldError(`unknown engine "${engine}" (one of ${engineNames().join(', ')})`);
  const folder = join(parent, labId);
  if (existsSync(folder)) throw new ScaffoldError(`${folder} already exists`);
  const catalog = new LabCatalog();
  mkdirSync(join(folder, instructorFolderName), { recursive: true });
  writeFileSync(join(folder, 'lab.yaml'), labYaml(labId, engine));
  writeFileSync(join(folder, 'scenario.yaml'), startingScenario(engine, catalog));
  writeFileSync(join(folder, 'instructions.en.md'), instructionsEn(labId));
  writeFileSync(join(folder, 'instructions.pt-BR.md'), instructionsPtBr(labId));
  writeFileSync(join(folder, instructorFolderName, hiddenChecksFileName), hiddenChecksYaml);
  writeFileSync(join(folder, instructorFolderName, courseSaltFileName), `${courseSalt}\n`, { mode: 0o600 });
  return loadLab(folder);
}
