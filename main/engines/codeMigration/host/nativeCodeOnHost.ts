// Native code between hosts: the receiving host's loader refuses an image of another platform
// (heterogeneous systems), and what it accepts runs in a sandbox like any received code — which is
// where hostile agents are stopped.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { benignSource, hostileSource, type AttackName, type AttackTarget } from '../hostileAgents.ts';
import { buildNativeImage, ExecFormatError, loadNativeImage, nativeTopOrdersSource } from '../nativeImage.ts';
import { parsePlatform, type PlatformName } from '../platforms.ts';
import { programFor } from '../programs/programLibrary.ts';
import type { HostRuntime } from './hostRuntime.ts';
import { runReceivedCode } from './receivedCode.ts';

export type NativeProgram = { name: 'top-orders'; top: number; records: number } | { name: 'attack'; attack: AttackName; target: AttackTarget } | { name: 'benign' };

function sourceOf(program: NativeProgram): { source: string; words: number[] } {
  if (program.name === 'top-orders') return { source: nativeTopOrdersSource, words: [program.top] };
  if (program.name === 'attack') return { source: hostileSource(program.attack), words: [] };
  return { source: benignSource, words: [] };
}

export function nativeCodeOnHost(runtime: HostRuntime): void {
  const { peers, resources } = runtime;

  runtime.peerHandlers.set('native', async (frame, respond) => {
    let image;
    try {
      image = loadNativeImage(frame.body, runtime.platform);
    } catch (error) {
      if (error instanceof ExecFormatError) return respond({ refused: error.message });
      throw error;
    }
    const program = frame.header.program as NativeProgram;
    const startedAt = performance.now();
    const { end, outcome } = await runReceivedCode(
      runtime,
      { kind: 'runNative', source: image.source, data: image.data, byteOrder: runtime.platform.byteOrder, input: { target: program.name === 'attack' ? program.target : undefined } },
      { records: resources.orderCursor(program.name === 'top-orders' ? program.records : 0) },
      (grantFolder) => writeFileSync(join(grantFolder, 'in', 'input.txt'), `input granted to the agent by ${runtime.config.name}\n`),
    );
    respond({ end: end.kind === 'stopped' ? { kind: 'stopped' } : end, outcome, wallTimeMs: performance.now() - startedAt });
  });

  // The sender builds the image for a platform (its own, or the target's) and ships it.
  runtime.commands.set('shipNative', async (args) => {
    const program = args.program as NativeProgram;
    const platform = parsePlatform((args.platform as PlatformName | undefined) ?? runtime.config.platform);
    const { source, words } = sourceOf(program);
    const image = buildNativeImage(platform, words, source);
    const reply = await peers.request(String(args.to), { kind: 'native', program }, image, 60_000);
    return { imageBytes: image.length, ...reply.header };
  });

  // Abstract-machine code to the same host, for comparison: it runs whatever the host's platform.
  runtime.commands.set('evaluateAt', async (args) => {
    const code = programFor({ name: 'top-orders', top: Number(args.top) }).encoded;
    const reply = await peers.request(String(args.to), { kind: 'evaluate', count: Number(args.records), entry: 'local' }, code);
    return { codeBytes: code.length, result: reply.header.result };
  });
}
