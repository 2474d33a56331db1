// The programs a host can hand out by name (a code server's repository), built from their
// parameters so that every host that builds one gets the same bytes.
import { encodeCodeSegment, type CodeSegment } from '../../../abstractMachine/codeSegment.ts';
import { bindingProbeProgram } from './bindingProbeProgram.ts';
import { churnProgram } from './churnProgram.ts';
import { topOrdersProgram } from './topOrdersProgram.ts';

export type ProgramRequest =
  | { name: 'top-orders'; top: number }
  | { name: 'churn'; heapWords: number; rounds: number }
  | { name: 'binding-probe'; resources: number; accessesBefore: number; accessesAfter: number };

const cache = new Map<string, { program: CodeSegment; encoded: Uint8Array }>();

export function programFor(request: ProgramRequest): { program: CodeSegment; encoded: Uint8Array } {
  const key = JSON.stringify(request);
  const cached = cache.get(key);
  if (cached !== undefined) return cached;
  let program: CodeSegment;
  switch (request.name) {
    case 'top-orders':
      program = topOrdersProgram(request.top);
      break;
    case 'churn':
      program = churnProgram(request.heapWords, request.rounds);
      break;
    case 'binding-probe':
      program = bindingProbeProgram(request.resources, request.accessesBefore, request.accessesAfter);
      break;
    default:
      throw new Error(`no program ${(request as { name: string }).name}`);
  }
  const built = { program, encoded: encodeCodeSegment(program) };
  cache.set(key, built);
  return built;
}
