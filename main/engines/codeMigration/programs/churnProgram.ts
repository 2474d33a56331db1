// The program strong mobility moves: it fills its heap with a pseudo-random sequence, then mixes
// every word with its neighbour for a number of rounds, and emits a checksum of the whole heap.
// Every word of the heap matters to the result, so a migration that lost or changed one word of
// the execution segment would show.
import { assemble } from '../../../abstractMachine/assembler.ts';
import type { CodeSegment } from '../../../abstractMachine/codeSegment.ts';
import { systemCalls } from './systemCalls.ts';

export function churnSource(heapWords: number, rounds: number): string {
  return `
.program churn
.heap ${heapWords}
.stack 64
.frames 4
.const N ${heapWords}
.const ROUNDS ${rounds}
.entry main main

main:
    ENTER 0 3           ; 0 index, 1 round, 2 value
    PUSH 12345
    STORE 2
fill:                   ; heap[i] = the i-th value of a linear congruential sequence
    LOAD 0
    PUSH N
    LT
    JZ mix
    LOAD 2
    PUSH 1103515245
    MUL
    PUSH 12345
    ADD
    STORE 2
    LOAD 0
    LOAD 2
    HSTORE
    PUSH 1
    ADDL 0
    JMP fill
mix:                    ; each round: heap[i] ^= heap[i-1] * 31 + round
    LOAD 1
    PUSH ROUNDS
    LT
    JZ checksum
    PUSH 1
    STORE 0
word:
    LOAD 0
    PUSH N
    LT
    JZ next_round
    LOAD 0
    LOAD 0
    HLOAD
    LOAD 0
    PUSH -1
    ADD
    HLOAD
    PUSH 31
    MUL
    LOAD 1
    ADD
    XOR
    HSTORE
    PUSH 1
    ADDL 0
    JMP word
next_round:
    PUSH 1
    ADDL 1
    JMP mix
checksum:               ; rotate-and-xor over every word
    PUSH 0
    STORE 0
    PUSH 0
    STORE 2
sum:
    LOAD 0
    PUSH N
    LT
    JZ done
    LOAD 2
    PUSH 5
    SHL
    LOAD 2
    PUSH 27
    SHR
    OR
    LOAD 0
    HLOAD
    XOR
    STORE 2
    PUSH 1
    ADDL 0
    JMP sum
done:
    PUSH 0
    LOAD 2
    HSTORE
    PUSH 0
    PUSH 1
    SYS ${systemCalls.emit}
    HALT
`;
}

export function churnProgram(heapWords: number, rounds: number): CodeSegment {
  return assemble(churnSource(heapWords, rounds), 'churn.asm');
}
