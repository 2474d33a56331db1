// The paradigms' task as an abstract-machine program: the `top` largest orders (by amount, ties to
// the smaller id) among the records its host hands it. Entry `local` reads the host's records and
// emits the result (client-server, remote evaluation, code on demand all run it); entry `tour` is
// the mobile agent: it moves itself (GO) to every host of the itinerary its sender wrote into its
// heap, takes that host's records into its state, and goes home with the result.
import { assemble } from '../../../abstractMachine/assembler.ts';
import type { CodeSegment } from '../../../abstractMachine/codeSegment.ts';
import { systemCalls } from './systemCalls.ts';

/** Heap layout the sender of a mobile agent writes its itinerary into. */
export const agentHeap = { count: 0, itineraryLength: 1, itineraryPosition: 2, home: 3, itinerary: 8, maximumHops: 8, top: 16 } as const;
const batchRecords = 2048;

export function topOrdersSource(top: number): string {
  const lastAmount = agentHeap.top + 2 * (top - 1);
  const buffer = agentHeap.top + 2 * top + 16;
  return `
.program top-orders
.heap ${buffer + 2 * batchRecords}
.stack 64
.frames 8
.const K ${top}
.const TOP ${agentHeap.top}
.const LASTA ${lastAmount}
.const LASTI ${lastAmount + 1}
.const BUF ${buffer}
.const BATCH ${batchRecords}
.const BATCHWORDS ${2 * batchRecords}
.entry local local
.entry tour tour

local:                  ; the host's records → emit the top K
    CALL consume
    CALL emit_top
    HALT

tour:                   ; a mobile agent: visit every host of the itinerary, then go home
    PUSH ${agentHeap.itineraryPosition}
    HLOAD
    PUSH ${agentHeap.itineraryLength}
    HLOAD
    LT
    JZ go_home
    PUSH ${agentHeap.itineraryPosition}
    HLOAD
    PUSH ${agentHeap.itinerary}
    ADD
    HLOAD               ; next host
    PUSH ${agentHeap.itineraryPosition}
    PUSH ${agentHeap.itineraryPosition}
    HLOAD
    PUSH 1
    ADD
    HSTORE              ; position += 1
    GO                  ; the supervisor moves the agent; it resumes here, there
    CALL consume
    PUSH BUF            ; the batch buffer need not travel: clear it
    PUSH BATCHWORDS
    PUSH 0
    HFILL
    JMP tour
go_home:
    PUSH ${agentHeap.home}
    HLOAD
    GO
    CALL emit_top
    HALT

emit_top:
    ENTER 0 0
    PUSH TOP
    PUSH ${agentHeap.count}
    HLOAD
    DUP
    ADD
    SYS ${systemCalls.emit}
    RET 0

consume:                ; every record of this host, through insert
    ENTER 0 3           ; 0 count, 1 cursor, 2 end
next_batch:
    PUSH BUF
    PUSH BATCH
    SYS ${systemCalls.records}
    STORE 0
    LOAD 0
    JZ consumed
    PUSH BUF
    STORE 1
    LOAD 0
    DUP
    ADD
    PUSH BUF
    ADD
    STORE 2
each:
    LOAD 1
    LOAD 2
    LT
    JZ next_batch
    LOAD 1
    PUSH 1
    ADD
    HLOAD               ; amount
    LOAD 1
    HLOAD               ; id
    CALL insert
    PUSH 2
    ADDL 1
    JMP each
consumed:
    RET 0

insert:                 ; (amount id): keep the K best, best first
    ENTER 2 2           ; 0 amount, 1 id, 2 position, 3 entry address
    PUSH ${agentHeap.count}
    HLOAD
    PUSH K
    LT
    JNZ has_room
    LOAD 0
    PUSH LASTA
    HLOAD
    GT
    JNZ replace_last
    LOAD 0
    PUSH LASTA
    HLOAD
    EQ
    JZ inserted
    LOAD 1
    PUSH LASTI
    HLOAD
    LT
    JZ inserted
replace_last:
    PUSH ${top - 1}
    STORE 2
    JMP shift
has_room:
    PUSH ${agentHeap.count}
    HLOAD
    STORE 2
    PUSH ${agentHeap.count}
    PUSH ${agentHeap.count}
    HLOAD
    PUSH 1
    ADD
    HSTORE
shift:                  ; move worse entries down while the new one beats them
    LOAD 2
    PUSH 0
    GT
    JZ place
    LOAD 2
    PUSH -1
    ADD
    DUP
    ADD
    PUSH TOP
    ADD
    STORE 3
    LOAD 0
    LOAD 3
    HLOAD
    GT
    JNZ move
    LOAD 0
    LOAD 3
    HLOAD
    EQ
    JZ place
    LOAD 1
    LOAD 3
    PUSH 1
    ADD
    HLOAD
    LT
    JZ place
move:
    LOAD 3
    PUSH 2
    ADD
    LOAD 3
    HLOAD
    HSTORE
    LOAD 3
    PUSH 3
    ADD
    LOAD 3
    PUSH 1
    ADD
    HLOAD
    HSTORE
    PUSH -1
    ADDL 2
    JMP shift
place:
    LOAD 2
    DUP
    ADD
    PUSH TOP
    ADD
    STORE 3
    LOAD 3
    LOAD 0
    HSTORE
    LOAD 3
    PUSH 1
    ADD
    LOAD 1
    HSTORE
inserted:
    RET 0
`;
}

export function topOrdersProgram(top: number): CodeSegment {
  if (!Number.isInteger(top) || top < 1 || top > 100) throw new Error('top must be 1 to 100');
  return assemble(topOrdersSource(top), 'top-orders.asm');
}
