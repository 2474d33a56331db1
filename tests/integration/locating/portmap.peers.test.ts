import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { portmapClient, type PortmapAddress } from '../../../main/protocols/oncRpc/portmapClient.ts';
import { PortmapDaemon } from '../../../main/protocols/oncRpc/portmapDaemon.ts';
import { networkNamespaceProblem, requirePeer } from './peerCommand.ts';

const root = join(import.meta.dirname, '..', '..', '..');
let daemon: PortmapDaemon | undefined;

afterEach(async () => {
  await daemon?.stop();
  daemon = undefined;
});

const namespaceProblem = networkNamespaceProblem();

describe('the port mapper against real rpcinfo', () => {
  it.skipIf(namespaceProblem !== undefined)(`rpcinfo -p 127.0.0.1 lists proclab portmap's registrations, in a network namespace where it owns port 111${namespaceProblem ? ` — SKIPPED: ${namespaceProblem}` : ''}`, () => {
    requirePeer('rpcinfo');
    requirePeer('ip');
    // A fresh namespace has its own port 111 (a system rpcbind elsewhere does not matter) and its own loopback.
    const script = [
      'ip link set lo up',
      `"${process.execPath}" bin/proclab.js portmap --port 111 2>portmap.log.tmp & daemon=$!`,
      `"${process.execPath}" tests/integration/locating/registerInNamespace.ts`,
      'echo "--- -p"; timeout 5 rpcinfo -p 127.0.0.1',
      'echo "--- -u"; timeout 5 rpcinfo -u 127.0.0.1 100000 2',
      'echo "--- -t"; timeout 5 rpcinfo -t 127.0.0.1 100000 2',
      'echo "--- v4"; timeout 5 rpcinfo -u 127.0.0.1 100000 4 2>&1',
      'kill $daemon; wait $daemon; rm -f portmap.log.tmp',
    ].join('\n');
    const result = spawnSync('unshare', ['-n', 'sh', '-c', script], { cwd: root, encoding: 'utf8', timeout: 30_000 });
    expect(result.status, result.stderr).toBe(0);
    const output = result.stdout;
    expect(output).toContain('registered');
    expect(output).toMatch(/100000\s+2\s+tcp\s+111\s+portmapper/);
    expect(output).toMatch(/100000\s+2\s+udp\s+111\s+portmapper/);
    expect(output).toMatch(/400123\s+3\s+tcp\s+40123/);
    expect(output.match(/program 100000 version 2 ready and waiting/g)).toHaveLength(2);
    // A version it does not serve: rpcinfo first asks the port mapper, which has no such registration.
    expect(output.split('--- v4')[1]).toMatch(/program not registered|version mismatch/i);
  });

  it('SET, GETPORT, DUMP and UNSET over UDP and TCP (RFC 1833 semantics)', async () => {
    daemon = new PortmapDaemon({ port: 0 });
    await daemon.start();
    for (const transport of ['udp', 'tcp'] as const) {
      const address: PortmapAddress = { host: '127.0.0.1', port: daemon.port, transport };
      const mapping = { program: 400_200, version: 1, protocol: 17, port: 40_200 };
      expect(await portmapClient.set(address, mapping)).toBe(true);
      // RFC 1833: SET refuses a (program, version, protocol) that is already mapped.
      expect(await portmapClient.set(address, { ...mapping, port: 40_201 })).toBe(false);
      expect(await portmapClient.getPort(address, { program: 400_200, version: 1, protocol: 17 })).toBe(40_200);
      expect(await portmapClient.getPort(address, { program: 400_200, version: 1, protocol: 6 })).toBe(0);
      expect(await portmapClient.dump(address)).toContainEqual(mapping);
      expect(await portmapClient.unset(address, 400_200, 1)).toBe(true);
      expect(await portmapClient.getPort(address, { program: 400_200, version: 1, protocol: 17 })).toBe(0);
    }
  });

  it('soft state: a registration lapses unless renewed; hard state keeps it', async () => {
    daemon = new PortmapDaemon({ port: 0, softStateMs: 300 });
    await daemon.start();
    const address: PortmapAddress = { host: '127.0.0.1', port: daemon.port, transport: 'udp' };
    const renewed = { program: 400_300, version: 1, protocol: 6, port: 40_300 };
    const forgotten = { program: 400_301, version: 1, protocol: 6, port: 40_301 };
    expect(await portmapClient.set(address, renewed)).toBe(true);
    expect(await portmapClient.set(address, forgotten)).toBe(true);
    // Renew one every 100 ms for 600 ms; leave the other alone (bounded loop).
    for (let step = 0; step < 6; step += 1) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(await portmapClient.set(address, renewed)).toBe(true);
    }
    expect(await portmapClient.getPort(address, renewed)).toBe(40_300);
    expect(await portmapClient.getPort(address, forgotten)).toBe(0);
    // The port mapper's own entries never lapse.
    expect(await portmapClient.getPort(address, { program: 100_000, version: 2, protocol: 17 })).toBe(daemon.port);
  });
});
