// Two tiny native functions for x86-64 Linux, as machine code. The lab must run on a student's
// laptop without a compiler, and a pipe ping-pong or a fork whose child never returns to
// JavaScript needs code that no libc function provides. The bytes are the assembly at the end of
// this comment, assembled once with GNU as. They make raw system calls and call no libc, so the
// forked child touches no lock and no memory of the runtime.
//
// Every function takes one pointer to a PingPongBlock (see pingPongBlock.ts for the offsets).
//
// echo_loop(block) -> hops done
//     rt_sigprocmask(SIG_BLOCK, &block.allSignals, NULL, 8)     ; no signal handler runs here
//     if block.cpuMask: sched_setaffinity(0, 8, &block.cpuMask) ; this thread or process only
//     for hops = 0; hops < block.count; :
//         if read(block.readFd, &block.byte, 1) != 1: break
//         hops += 1
//         if hops == 1:           clock_gettime(CLOCK_MONOTONIC, &block.firstReadAt)
//         if hops == block.count: clock_gettime(CLOCK_MONOTONIC, &block.lastReadAt)
//         if write(block.writeFd, &block.byte, 1) != 1: break
//     return hops
//
// fork_child(block, mode) -> child pid, or -errno
//     rt_sigprocmask(SIG_BLOCK, &block.allSignals, &block.savedSignals, 8)
//     pid = fork()                          ; the raw system call: no atfork handlers
//     if pid != 0:                          ; the parent (or an error)
//         rt_sigprocmask(SIG_SETMASK, &block.savedSignals, NULL, 8)
//         return pid
//     if mode == 0: exit_group(0)           ; fork + _exit: the cost of a copy of this process
//     prctl(PR_SET_PDEATHSIG, SIGKILL)      ; never outlive the helper that forked it
//     if getppid() != block.parentPid: exit_group(1)
//     exit_group(echo_loop(block) == block.count ? 0 : 1)
//
// Signals stay blocked in the child from before the fork to its exit: a signal arriving there
// would run the parent's handler in a copy of the parent, which is exactly what forking a
// multi-threaded runtime must never do.
//
// The assembly (Intel syntax, GNU as; `objdump -D -b binary -m i386:x86-64 -M intel` of the
// bytes gives it back):
//   echo_loop:
//       push rbx
//       push r12
//       mov rbx, rdi
//       mov eax, 14
//       xor edi, edi
//       lea rsi, [rbx+24]
//       xor edx, edx
//       mov r10d, 8
//       syscall
//       mov rax, [rbx+32]
//       test rax, rax
//       jz 1f
//       mov eax, 203
//       xor edi, edi
//       mov esi, 8
//       lea rdx, [rbx+32]
//       syscall
//   1:
//       xor r12d, r12d
//   2:
//       cmp r12, [rbx+8]
//       jge 9f
//       xor eax, eax
//       mov edi, [rbx]
//       lea rsi, [rbx+80]
//       mov edx, 1
//       syscall
//       cmp rax, 1
//       jne 9f
//       inc r12
//       cmp r12, 1
//       jne 3f
//       mov eax, 228
//       mov edi, 1
//       lea rsi, [rbx+48]
//       syscall
//   3:
//       cmp r12, [rbx+8]
//       jne 4f
//       mov eax, 228
//       mov edi, 1
//       lea rsi, [rbx+64]
//       syscall
//   4:
//       mov eax, 1
//       mov edi, [rbx+4]
//       lea rsi, [rbx+80]
//       mov edx, 1
//       syscall
//       cmp rax, 1
//       jne 9f
//       jmp 2b
//   9:
//       mov rax, r12
//       pop r12
//       pop rbx
//       ret
//   fork_child:
//       # rdi = struct; rsi = 0 exit at once, 1 run echo_loop. Returns the child pid (or -errno).
//       push rbx
//       push r12
//       push r13
//       mov rbx, rdi
//       mov r13, rsi
//       mov eax, 14
//       xor edi, edi
//       lea rsi, [rbx+24]
//       lea rdx, [rbx+40]
//       mov r10d, 8
//       syscall
//       mov eax, 57
//       syscall
//       test rax, rax
//       jz 5f
//       mov r12, rax
//       mov eax, 14
//       mov edi, 2
//       lea rsi, [rbx+40]
//       xor edx, edx
//       mov r10d, 8
//       syscall
//       mov rax, r12
//       pop r13
//       pop r12
//       pop rbx
//       ret
//   5:
//       test r13, r13
//       jz 7f
//       mov eax, 157
//       mov edi, 1
//       mov esi, 9
//       syscall
//       mov eax, 110
//       syscall
//       cmp rax, [rbx+16]
//       jne 8f
//       mov rdi, rbx
//       call echo_loop
//       cmp rax, [rbx+8]
//       jne 8f
//   7:
//       xor edi, edi
//       mov eax, 231
//       syscall
//   8:
//       mov edi, 1
//       mov eax, 231
//       syscall

/** The machine code of echo_loop followed by fork_child. */
export const x64MachineCode = '5341544889fbb80e00000031ff488d731831d241ba080000000f05488b43204885c07412b8cb00000031ffbe08000000488d53200f054531e44c3b63087d5f31c08b3b488d7350ba010000000f054883f801754a49ffc44983fc017510b8e4000000bf01000000488d73300f054c3b63087510b8e4000000bf01000000488d73400f05b8010000008b7b04488d7350ba010000000f054883f8017502eb9b4c89e0415c5bc353415441554889fb4989f5b80e00000031ff488d7318488d532841ba080000000f05b8390000000f054885c074244989c4b80e000000bf02000000488d732831d241ba080000000f054c89e0415d415c5bc34d85ed742cb89d000000bf01000000be090000000f05b86e0000000f05483b431075174889dfe8defeffff483b4308750931ffb8e70000000f05bf01000000b8e70000000f05';

export const x64EchoLoopOffset = 0x00;
export const x64ForkChildOffset = 0xa5;
