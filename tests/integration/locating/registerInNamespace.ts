// Run inside the test's network namespace: registers one program with the port mapper on 111.
import { portmapClient } from '../../../main/protocols/oncRpc/portmapClient.ts';

const address = { host: '127.0.0.1', port: 111, transport: 'udp' as const };
const deadline = Date.now() + 10_000;
// The daemon starts in parallel; ask until it answers (bounded by the deadline).
while (Date.now() < deadline) {
  try {
    await portmapClient.ping(address);
    break;
  } catch {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
const registered = await portmapClient.set(address, { program: 400_123, version: 3, protocol: 6, port: 40_123 });
process.stdout.write(registered ? 'registered\n' : 'refused\n');
