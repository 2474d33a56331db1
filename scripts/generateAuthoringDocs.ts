// Rewrites the scenario-schema part of docs/authoring-labs.md from the engines' schemas.
// Run: npx node scripts/generateAuthoringDocs.ts   (tests/unit/docs/authoringDocs.test.ts fails when it is stale)
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { engineNames, findEngine } from '../main/engines/engineRegistry.ts';
import { engineSchemaReference, spliceSchemaReference } from '../main/scenario/schemaReference.ts';

const file = join(import.meta.dirname, '..', 'docs', 'authoring-labs.md');
const reference = engineSchemaReference(engineNames().map((name) => findEngine(name)!));
writeFileSync(file, spliceSchemaReference(readFileSync(file, 'utf8'), reference));
console.log(`${file}: scenario schemas of ${engineNames().join(', ')} written`);
