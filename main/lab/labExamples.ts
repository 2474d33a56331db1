import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { LabExample } from '../../preload/api.ts';
import { maxScenarioBytes } from '../../common/scenarioLimits.ts';

/**
 * The ready-made scenarios of a lab folder's `examples/` (the ones its instructions point to), in
 * name order, so the window can open them; a file too large to be a scenario is left out.
 */
export function readLabExamples(folder: string): LabExample[] {
  const examples = join(folder, 'examples');
  if (!existsSync(examples) || !statSync(examples).isDirectory()) return [];
  return readdirSync(examples)
    .filter((name) => /\.ya?ml$/i.test(name))
    .sort()
    .flatMap((name) => {
      const path = join(examples, name);
      const stats = statSync(path);
      if (!stats.isFile() || stats.size > maxScenarioBytes) return [];
      return [{ name: `examples/${name}`, scenarioText: readFileSync(path, 'utf8') }];
    });
}
