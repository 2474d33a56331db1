// How a sandbox is confined, with the real mechanisms this machine offers, found out once per host:
//
// - files, child processes, worker threads, native addons, WASI, the inspector: Node's permission
//   model (`--permission`, with reads granted only to the sandbox's own modules and its grant
//   folder, writes only to the grant's output folder). Node documents it as a seat belt for
//   trusted code, not a boundary against malicious code, so the layers below stand behind it;
// - the network: Node 24's permission model has no network permission at all, so the sandbox
//   gets its own network namespace (`unshare --net`: only a loopback interface, down), as root
//   directly or, for an ordinary user, inside a user namespace where the kernel allows one;
// - other processes: its own PID namespace (it cannot see or signal the host), its own session
//   (a signal to "its process group" reaches only itself), and, when the host runs as root,
//   the unprivileged user `nobody` (setpriv), so even a way around the permission model finds
//   files it may not read;
// - CPU and memory: the host watches the sandbox's CPU time and resident memory in /proc and kills
//   it at its budget; V8's heap limit (`--max-old-space-size`) and RLIMIT_CPU (prlimit) are the
//   kernel's and the runtime's backstops. RLIMIT_AS cannot be used: V8 reserves far more address
//   space than it uses and will not start under a tight one.
//
// Whatever is missing on this machine is named in `missing`, and the lab reports it: an attack
// that nothing here stops is reported as not blocked.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { unreachableFor } from './pathReach.ts';

export type NetworkConfinement = 'network-namespace' | 'user-and-network-namespace' | 'none';

export interface ConfinementMechanisms {
  network: NetworkConfinement;
  /** The sandbox cannot see host processes (a PID namespace of its own). */
  processNamespace: boolean;
  /** Runs as this user id instead of the host's (65534: nobody); undefined = the host's own user. */
  unprivilegedUser: number | undefined;
  cpuRlimit: boolean;
  /** Why a mechanism is not used on this machine. */
  missing: string[];
}

const nobody = 65534;
const tools = { unshare: '/usr/bin/unshare', setpriv: '/usr/bin/setpriv', prlimit: '/usr/bin/prlimit' };

function works(command: string, args: string[]): boolean {
  const result = spawnSync(command, args, { stdio: 'ignore', timeout: 5_000 });
  return result.status === 0;
}

const detected = new Map<string, ConfinementMechanisms>();

/** Whether the user `uid` can start this Node and read every file the sandbox loads: a checkout
 * under a folder others may not enter (root's home, 0700) would make the sandbox fail to start
 * with a bare exit code. Undefined when it can; otherwise which path stops it. */
function blockedForUser(uid: number, sandboxFiles: readonly string[]): string | undefined {
  const check = 'const fs=require("node:fs");for(const f of process.argv.slice(1)){try{fs.accessSync(f,fs.constants.R_OK)}catch{process.stdout.write(f);process.exit(3)}}';
  const result = spawnSync(tools.setpriv, [`--reuid=${uid}`, `--regid=${uid}`, '--clear-groups', '--', process.execPath, '-e', check, ...sandboxFiles], {
    encoding: 'utf8',
    timeout: 10_000,
    env: { LANG: 'C', ...(process.versions.electron === undefined ? {} : { ELECTRON_RUN_AS_NODE: '1' }) },
  });
  if (result.status === 0) return undefined;
  if (result.status === 3 && result.stdout !== '') return unreachableFor(result.stdout, uid) ?? result.stdout;
  return unreachableFor(process.execPath, uid) ?? `${process.execPath} (it did not start: ${result.status === null ? `signal ${result.signal}` : `exit code ${result.status}`})`;
}

/** What this machine offers (checked by trying each mechanism once); `sandboxFiles` are the
 * modules a sandbox loads, which its unprivileged user must be able to read. */
export function detectConfinement(sandboxFiles: readonly string[] = []): ConfinementMechanisms {
  const key = sandboxFiles.join('\0');
  const known = detected.get(key);
  if (known !== undefined) return known;
  const missing: string[] = [];
  const root = process.getuid?.() === 0;
  let network: NetworkConfinement = 'none';
  let processNamespace = false;
  if (process.platform !== 'linux') missing.push('namespaces exist only on Linux: the sandbox shares the host’s network and process table');
  else if (!existsSync(tools.unshare)) missing.push(`${tools.unshare} (util-linux) is missing: no network or PID namespace for the sandbox`);
  else if (root && works(tools.unshare, ['--net', '--pid', '--fork', '--kill-child', 'true'])) {
    network = 'network-namespace';
    processNamespace = true;
  } else if (works(tools.unshare, ['--user', '--map-root-user', '--net', '--pid', '--fork', '--kill-child', 'true'])) {
    network = 'user-and-network-namespace';
    processNamespace = true;
  } else {
    missing.push('this kernel refused a network namespace (unshare --net; as an ordinary user it needs unprivileged user namespaces): the sandbox shares the host’s network');
  }
  let unprivilegedUser: number | undefined;
  if (root && existsSync(tools.setpriv) && works(tools.setpriv, [`--reuid=${nobody}`, `--regid=${nobody}`, '--clear-groups', 'true'])) {
    const blocked = blockedForUser(nobody, sandboxFiles);
    if (blocked === undefined) unprivilegedUser = nobody;
    else missing.push(`the user nobody cannot reach ${blocked}, so the sandbox keeps root’s file rights behind the permission model (put proclab in a folder every user may read, such as /opt or /srv, to confine it further)`);
  } else if (root) missing.push('setpriv could not switch to the user nobody: the sandbox keeps root’s file rights behind the permission model');
  const cpuRlimit = existsSync(tools.prlimit) && works(tools.prlimit, ['--cpu=10', 'true']);
  if (!cpuRlimit) missing.push('prlimit is missing: no RLIMIT_CPU backstop behind the host’s CPU watch');
  const mechanisms = { network, processNamespace, unprivilegedUser, cpuRlimit, missing };
  detected.set(key, mechanisms);
  return mechanisms;
}

export interface SandboxGrant {
  /** Files and folders it may read (its own modules are added). */
  read: string[];
  /** Folders it may write. */
  write: string[];
}

export interface SandboxLimits {
  cpuBudgetMs: number;
  memoryLimitBytes: number;
  heapLimitBytes: number;
}

export interface SandboxCommand {
  /** The program to start (fork's execPath) and what goes before the module (fork's execArgv). */
  execPath: string;
  execArgv: string[];
}

/** The command line that starts `modulePath` confined: namespaces, user, limits, then Node with its permissions. */
export function sandboxCommand(mechanisms: ConfinementMechanisms, nodePath: string, moduleReads: readonly string[], grant: SandboxGrant, limits: SandboxLimits): SandboxCommand {
  const wrappers: string[][] = [];
  if (mechanisms.network === 'network-namespace') wrappers.push([tools.unshare, '--net', '--pid', '--fork', '--kill-child', '--']);
  if (mechanisms.network === 'user-and-network-namespace') wrappers.push([tools.unshare, '--user', '--map-root-user', '--net', '--pid', '--fork', '--kill-child', '--']);
  if (mechanisms.unprivilegedUser !== undefined) wrappers.push([tools.setpriv, `--reuid=${mechanisms.unprivilegedUser}`, `--regid=${mechanisms.unprivilegedUser}`, '--clear-groups', '--']);
  if (mechanisms.cpuRlimit) {
    // The kernel's backstop: a second of CPU beyond the host's budget, then SIGXCPU and SIGKILL.
    const seconds = Math.ceil(limits.cpuBudgetMs / 1000) + 1;
    wrappers.push([tools.prlimit, `--cpu=${seconds}:${seconds + 1}`, '--core=0', '--']);
  }
  const nodeFlags = [
    '--permission',
    ...[...moduleReads, ...grant.read].map((path) => `--allow-fs-read=${path}`),
    ...grant.write.map((path) => `--allow-fs-write=${path}`),
    `--max-old-space-size=${Math.max(8, Math.floor(limits.heapLimitBytes / (1024 * 1024)))}`,
    '--disallow-code-generation-from-strings',
  ];
  const [first, ...rest] = [...wrappers.flat(), nodePath, ...nodeFlags];
  return { execPath: first!, execArgv: rest };
}
