// The process of the resource-binding experiment: it uses each resource of its resource segment a
// few times at home, moves itself (GO) to the host its sender wrote into heap word 0, uses each
// resource again there, and emits how many accesses worked per resource. Which resource an index
// names, and how it is reached after the move, is the resource segment's business, kept by the
// supervisors: the code is the same whatever the binding and the action.
import { assemble } from '../../../abstractMachine/assembler.ts';
import type { CodeSegment } from '../../../abstractMachine/codeSegment.ts';
import { systemCalls } from './systemCalls.ts';

/** Heap: word 0 the destination host; from `results` on, one count of working accesses per resource. */
export const probeHeap = { destination: 0, results: 16 } as const;

export function bindingProbeSource(resources: number, accessesBefore: number, accessesAfter: number): string {
  return `
.program binding-probe
.heap ${probeHeap.results + resources + 16}
.stack 64
.frames 4
.const REFS ${resources}
.const RESULTS ${probeHeap.results}
.entry main main

main:
    PUSH ${accessesBefore}
    CALL use_all
    PUSH RESULTS        ; forget the accesses made at home: count those after the move
    PUSH REFS
    PUSH 0
    HFILL
    PUSH ${probeHeap.destination}
    HLOAD
    GO
    PUSH ${accessesAfter}
    CALL use_all
    PUSH RESULTS
    PUSH REFS
    SYS ${systemCalls.emit}
    HALT

use_all:                ; (times): every resource, \`times\` times; heap[RESULTS + r] += accesses that worked
    ENTER 1 3           ; 0 times, 1 resource, 2 access, 3 status
next_resource:
    LOAD 1
    PUSH REFS
    LT
    JZ used
    PUSH 0
    STORE 2
next_access:
    LOAD 2
    LOAD 0
    LT
    JZ resource_done
    LOAD 1
    LOAD 2
    SYS ${systemCalls.access}
    PUSH 1
    EQ
    STORE 3
    LOAD 1
    PUSH RESULTS
    ADD
    DUP
    HLOAD
    LOAD 3
    ADD
    HSTORE
    PUSH 1
    ADDL 2
    JMP next_access
resource_done:
    PUSH 1
    ADDL 1
    JMP next_resource
used:
    RET 0
`;
}

export function bindingProbeProgram(resources: number, accessesBefore: number, accessesAfter: number): CodeSegment {
  return assemble(bindingProbeSource(resources, accessesBefore, accessesAfter), 'binding-probe.asm');
}
