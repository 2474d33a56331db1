// Rewrites the instruction-set table in docs/abstract-machine.md from the machine's own table.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spliceInstructionSetReference } from '../main/abstractMachine/instructionSetReference.ts';

const path = join(import.meta.dirname, '..', 'docs', 'abstract-machine.md');
writeFileSync(path, spliceInstructionSetReference(readFileSync(path, 'utf8')));
console.log(`${path}: instruction set written`);
