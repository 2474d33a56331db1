import { loadCLibrary, loadKoffi, NativeUnavailable, type Koffi, type KoffiFunction } from '../../../platform/nativeLibrary.ts';
import { x64EchoLoopOffset, x64ForkChildOffset, x64MachineCode } from './x64MachineCode.ts';

/** The operating system's own calls, reached through koffi (a prebuilt FFI, no compiler needed). */
export interface NativeLibc {
  readonly libraryName: string;
  readonly pthreadCreate: KoffiFunction;
  readonly pthreadJoin: KoffiFunction;
  readonly posixSpawn: KoffiFunction;
  readonly waitpid: KoffiFunction;
  readonly pipe2: KoffiFunction;
  readonly write: KoffiFunction;
  readonly close: KoffiFunction;
  readonly kill: KoffiFunction;
  readonly mmap: KoffiFunction;
  readonly prctl: KoffiFunction;
  readonly schedGetcpu: KoffiFunction;
  readonly schedSetaffinity: KoffiFunction;
  /** libc's getpid, as a pointer: the start routine of the bare threads (trivial, native). */
  readonly trivialStartRoutine: unknown;
  /** echo_loop and fork_child (x64MachineCode.ts), or why they are not available here. */
  readonly machineCode: MachineCode | { unavailable: string };
}

export interface MachineCode {
  readonly echoLoop: bigint;
  readonly forkChild: KoffiFunction;
}

export type { Koffi, KoffiFunction };
export { NativeUnavailable };

const protectionRead = 1;
const protectionWrite = 2;
const protectionExecute = 4;
const mapPrivate = 0x02;
const mapAnonymous = 0x20;
const pageBytes = 4096;

/**
 * Copies the machine code into a page of its own and makes that page executable (never writable
 * and executable at once). Only for x86-64 Linux: elsewhere the ping-pong and fork measurements
 * say why they are missing.
 */
function loadMachineCode(koffi: Koffi, declare: (declaration: string) => KoffiFunction, mmap: KoffiFunction): MachineCode | { unavailable: string } {
  if (process.arch !== 'x64') return { unavailable: `the native ping-pong and fork code exists for x86-64 only; this processor is ${process.arch}` };
  const mprotect = declare('int mprotect(void *address, size_t length, int protection)');
  const memcpy = declare('void *memcpy(void *destination, const void *source, size_t length)');
  const code = Buffer.from(x64MachineCode, 'hex');
  const page = mmap(null, pageBytes, protectionRead | protectionWrite, mapPrivate | mapAnonymous, -1, 0);
  if (page === null || koffi.address(page) === 0xffffffffffffffffn) return { unavailable: 'no memory page for the native code' };
  memcpy(page, code, code.length);
  if (mprotect(page, pageBytes, protectionRead | protectionExecute) !== 0) {
    return { unavailable: `this system does not let a program run code it wrote (mprotect failed, errno ${koffi.errno()})` };
  }
  const base = koffi.address(page);
  const forkChildType = koffi.proto('long proclab_fork_child(void *block, long mode)');
  const forkChildPointer = base + BigInt(x64ForkChildOffset);
  const forkChild = ((block: unknown, mode: number) => koffi.call(forkChildPointer, forkChildType, block, mode)) as KoffiFunction;
  return { echoLoop: base + BigInt(x64EchoLoopOffset), forkChild };
}

/** Loads koffi and the C library; throws NativeUnavailable with the reason where that cannot be done. */
export async function loadNativeLibc(): Promise<{ koffi: Koffi; libc: NativeLibc }> {
  if (process.platform !== 'linux') throw new NativeUnavailable(`the bare measurements use Linux's C library; this system is ${process.platform}`);
  const koffi = await loadKoffi();
  const library = loadCLibrary(koffi);
  try {
    const declare = (declaration: string) => library.declare(declaration);
    const mmap = declare('void *mmap(void *address, size_t length, int protection, int flags, int fd, long offset)');
    const dlsym = declare('void *dlsym(void *handle, const char *name)');
    // RTLD_DEFAULT is the null handle: the symbol as the program itself sees it.
    const trivialStartRoutine = dlsym(null, 'getpid');
    if (trivialStartRoutine === null) throw new NativeUnavailable('the C library has no getpid symbol');
    const libc: NativeLibc = {
      libraryName: library.name,
      pthreadCreate: declare('int pthread_create(_Out_ uint64_t *thread, void *attributes, void *start, void *argument)'),
      pthreadJoin: declare('int pthread_join(uint64_t thread, _Out_ void **result)'),
      posixSpawn: declare('int posix_spawn(_Out_ int *pid, const char *path, void *fileActions, void *attributes, const char **argv, const char **envp)'),
      waitpid: declare('int waitpid(int pid, _Out_ int *status, int options)'),
      pipe2: declare('int pipe2(_Out_ int *fds, int flags)'),
      write: declare('long write(int fd, const void *buffer, size_t length)'),
      close: declare('int close(int fd)'),
      kill: declare('int kill(int pid, int signal)'),
      mmap,
      prctl: declare('int prctl(int option, unsigned long argument2, unsigned long argument3, unsigned long argument4, unsigned long argument5)'),
      schedGetcpu: declare('int sched_getcpu()'),
      schedSetaffinity: declare('int sched_setaffinity(int pid, size_t size, const uint64_t *mask)'),
      trivialStartRoutine,
      machineCode: loadMachineCode(koffi, declare, mmap),
    };
    return { koffi, libc };
  } catch (error) {
    if (error instanceof NativeUnavailable) throw error;
    throw new NativeUnavailable(`a C library function could not be declared (${(error as Error).message})`);
  }
}
