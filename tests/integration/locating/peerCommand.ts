import { execFileSync, spawn } from 'node:child_process';

/** Which Debian package gives each peer program (CI installs them through .ci/run). */
const packages: Record<string, string> = {
  nc: 'netcat-openbsd',
  socat: 'socat',
  rdate: 'rdate',
  rpcinfo: 'rpcbind',
  unshare: 'util-linux',
  ip: 'iproute2',
};

/** Fails the test with the package to install when a peer program is missing. */
export function requirePeer(program: string): string {
  try {
    return execFileSync('sh', ['-c', `command -v ${program}`], { encoding: 'utf8' }).trim();
  } catch {
    throw new Error(`the peer program "${program}" is missing: install it with "apt-get install ${packages[program] ?? program}" (.ci/run installs it in CI)`);
  }
}

export interface PeerResult {
  code: number | null;
  stdout: Buffer;
  stderr: string;
}

/**
 * Runs a real peer program with `input` on its standard input; killed after `timeoutMs` (then
 * `code` is null), or once it has written `stopAfterBytes`.
 */
export function runPeer(program: string, args: string[], options: { input?: string | Buffer; timeoutMs?: number; stopAfterBytes?: number } = {}): Promise<PeerResult> {
  requirePeer(program);
  return new Promise((resolve, reject) => {
    const child = spawn(program, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    const chunks: Buffer[] = [];
    let length = 0;
    let stderr = '';
    let killed = false;
    const timer = setTimeout(() => {
      killed = true;
      child.kill('SIGKILL');
    }, options.timeoutMs ?? 5_000);
    child.stdout.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      length += chunk.length;
      if (options.stopAfterBytes !== undefined && length >= options.stopAfterBytes && !killed) {
        killed = true;
        child.kill('SIGTERM');
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: killed ? null : code, stdout: Buffer.concat(chunks), stderr });
    });
    child.stdin.on('error', () => {});
    child.stdin.end(options.input ?? '');
  });
}

/** Why a test cannot make its own network namespace here, or undefined when it can. */
export function networkNamespaceProblem(): string | undefined {
  try {
    execFileSync('unshare', ['-n', 'true'], { stdio: 'ignore' });
    return undefined;
  } catch {
    return 'network namespaces are not permitted here (unshare -n fails: needs root or user namespaces)';
  }
}
