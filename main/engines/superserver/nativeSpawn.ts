import { Socket } from 'node:net';
import { endianness } from 'node:os';
import { loadCLibrary, loadKoffi, type Koffi, type KoffiFunction } from '../../platform/nativeLibrary.ts';

/** A handler process started by posix_spawn, seen as much like a ChildProcess as the superserver needs. */
export interface NativeHandler {
  readonly pid: number;
  /** The handler's standard error, read through a pipe. */
  readonly stderr: Socket;
  /** Resolves once the handler has exited and been reaped. */
  readonly exited: Promise<{ exitCode: number | null; signal: NodeJS.Signals | null }>;
  kill(signal: NodeJS.Signals): void;
}

const closeOnExec = 0o2000000;
const getStatusFlags = 3;
const setStatusFlags = 4;
const nonBlocking = 0o4000;
const waitNoHang = 1;
const spawnSetSignalDefaults = 0x04;
const spawnSetSignalMask = 0x08;
/** glibc's posix_spawn_file_actions_t is 80 bytes, posix_spawnattr_t 336, sigset_t 128: room to spare. */
const fileActionsBytes = 256;
const attributesBytes = 512;
const signalSetBytes = 256;

const signalNames: Record<number, NodeJS.Signals> = { 1: 'SIGHUP', 2: 'SIGINT', 6: 'SIGABRT', 9: 'SIGKILL', 11: 'SIGSEGV', 13: 'SIGPIPE', 15: 'SIGTERM' };

/**
 * Starts a `nowait` service's handler with posix_spawn (glibc: clone with CLONE_VM | CLONE_VFORK,
 * then exec) instead of Node's child_process, whose fork() copies the page tables of the whole
 * runtime for every connection (about 0.8 ms here, more than the rest of the hand-over). The
 * connection's descriptor becomes the handler's standard input and output; every signal gets its
 * default action back and none is blocked, as in a handler that inetd forked; the exit is
 * watched through a pidfd, so no signal handler of the runtime's is involved.
 */
export class NativeSpawner {
  readonly #koffi: Koffi;
  readonly #posixSpawn: KoffiFunction;
  readonly #fileActionsInit: KoffiFunction;
  readonly #fileActionsDup2: KoffiFunction;
  readonly #fileActionsDestroy: KoffiFunction;
  readonly #pipe2: KoffiFunction;
  readonly #close: KoffiFunction;
  readonly #waitpid: KoffiFunction;
  readonly #pidfdOpen: KoffiFunction;
  readonly #fcntl: KoffiFunction;
  readonly #attributes = Buffer.alloc(attributesBytes);
  readonly #fileActions = Buffer.alloc(fileActionsBytes);
  readonly #pid = [0];
  readonly #status = [0];

  private constructor(koffi: Koffi, declare: (declaration: string) => KoffiFunction) {
    this.#koffi = koffi;
    this.#posixSpawn = declare('int posix_spawn(_Out_ int *pid, const char *path, void *fileActions, void *attributes, const char **argv, const char **envp)');
    this.#fileActionsInit = declare('int posix_spawn_file_actions_init(void *fileActions)');
    this.#fileActionsDup2 = declare('int posix_spawn_file_actions_adddup2(void *fileActions, int fd, int newFd)');
    this.#fileActionsDestroy = declare('int posix_spawn_file_actions_destroy(void *fileActions)');
    this.#pipe2 = declare('int pipe2(_Out_ int *fds, int flags)');
    this.#close = declare('int close(int fd)');
    this.#waitpid = declare('int waitpid(int pid, _Out_ int *status, int options)');
    this.#pidfdOpen = declare('int pidfd_open(int pid, unsigned int flags)');
    this.#fcntl = declare('int fcntl(int fd, int command, ...)');
    const attributesInit = declare('int posix_spawnattr_init(void *attributes)');
    const setFlags = declare('int posix_spawnattr_setflags(void *attributes, short flags)');
    const setSignalDefaults = declare('int posix_spawnattr_setsigdefault(void *attributes, const void *signals)');
    const setSignalMask = declare('int posix_spawnattr_setsigmask(void *attributes, const void *signals)');
    const fillSet = declare('int sigfillset(void *signals)');
    const emptySet = declare('int sigemptyset(void *signals)');
    const everySignal = Buffer.alloc(signalSetBytes);
    const noSignal = Buffer.alloc(signalSetBytes);
    fillSet(everySignal);
    // sigfillset leaves out the two signals glibc keeps for itself (32 and 33), which posix_spawn
    // would then leave ignored in the handler: they get their default action back too.
    if (endianness() === 'LE') {
      everySignal[3] = everySignal[3]! | 0x80;
      everySignal[4] = everySignal[4]! | 0x01;
    }
    emptySet(noSignal);
    const results = [
      attributesInit(this.#attributes),
      setFlags(this.#attributes, spawnSetSignalDefaults | spawnSetSignalMask),
      setSignalDefaults(this.#attributes, everySignal),
      setSignalMask(this.#attributes, noSignal),
    ];
    if (results.some((result) => result !== 0)) throw new Error('posix_spawn attributes could not be set');
  }

  /** A spawner, or undefined where native calls cannot be made (then Node's child_process is used). */
  static async load(): Promise<NativeSpawner | undefined> {
    if (process.env.PROCLAB_NATIVE_SPAWN === '0') return undefined;
    try {
      const koffi = await loadKoffi();
      const library = loadCLibrary(koffi);
      return new NativeSpawner(koffi, (declaration) => library.declare(declaration));
    } catch {
      return undefined;
    }
  }

  /**
   * Starts `path` with `argv` (argv[0] first) and `environment`, the descriptor `connectionFd` as
   * its standard input and output. Throws with the reason when the program cannot be started.
   */
  spawn(path: string, argv: readonly string[], environment: NodeJS.ProcessEnv, connectionFd: number): NativeHandler {
    const errorPipe = [0, 0];
    if (this.#pipe2(errorPipe, closeOnExec) !== 0) throw new Error(`pipe2 failed (errno ${this.#koffi.errno()})`);
    const [errorRead, errorWrite] = errorPipe as [number, number];
    // The runtime keeps its sockets non-blocking, and the flag belongs to the connection, not to a
    // descriptor: a handler reading its standard input would get EAGAIN. inetd's handlers get a
    // blocking socket; this process does not read the connection again (it only closes its copy).
    const flags = this.#fcntl(connectionFd, getStatusFlags) as number;
    if (flags >= 0 && (flags & nonBlocking) !== 0) this.#fcntl(connectionFd, setStatusFlags, 'int', flags & ~nonBlocking);
    const envp: (string | null)[] = [];
    for (const [key, value] of Object.entries(environment)) if (value !== undefined) envp.push(`${key}=${value}`);
    envp.push(null);
    let spawned: number;
    this.#fileActionsInit(this.#fileActions);
    try {
      this.#fileActionsDup2(this.#fileActions, connectionFd, 0);
      this.#fileActionsDup2(this.#fileActions, connectionFd, 1);
      this.#fileActionsDup2(this.#fileActions, errorWrite, 2);
      spawned = this.#posixSpawn(this.#pid, path, this.#fileActions, this.#attributes, [...argv, null], envp) as number;
    } finally {
      this.#fileActionsDestroy(this.#fileActions);
      this.#close(errorWrite);
    }
    if (spawned !== 0) {
      this.#close(errorRead);
      throw new Error(`posix_spawn failed (error ${spawned})`);
    }
    const pid = this.#pid[0]!;
    const stderr = new Socket({ fd: errorRead, readable: true, writable: false });
    return { pid, stderr, exited: this.#watchExit(pid), kill: (signal) => process.kill(pid, signal) };
  }

  #watchExit(pid: number): Promise<{ exitCode: number | null; signal: NodeJS.Signals | null }> {
    const pidfd = this.#pidfdOpen(pid, 0) as number;
    const reap = (): { exitCode: number | null; signal: NodeJS.Signals | null } | undefined => {
      if (this.#waitpid(pid, this.#status, waitNoHang) !== pid) return undefined;
      const status = this.#status[0]!;
      const signal = status & 0x7f;
      return signal === 0 ? { exitCode: (status >> 8) & 0xff, signal: null } : { exitCode: null, signal: signalNames[signal] ?? 'SIGTERM' };
    };
    return new Promise((resolve) => {
      if (pidfd < 0) {
        // No pidfd (a kernel before 5.3): look for the exit every 10 ms instead.
        const timer = setInterval(() => {
          const outcome = reap();
          if (outcome === undefined) return;
          clearInterval(timer);
          resolve(outcome);
        }, 10);
        return;
      }
      const handle = this.#koffi.node.poll(pidfd, { readable: true }, () => {
        const outcome = reap();
        if (outcome === undefined) return;
        handle.close();
        this.#close(pidfd);
        resolve(outcome);
      });
    });
  }
}
