// Native code: an image built for one platform. Its header is laid out like an ELF file's: an
// identification block whose byte-order byte says how every later field is written, then the
// machine number (the real ELF e_machine values), then a data section in that byte order and the
// code. proclab cannot run another processor's machine code on this one, so the code of an image
// is JavaScript standing in for it; what the loader does with the header is what a real one does:
// an image for another machine or byte order is refused ("Exec format error"), before anything runs.
import { platformName, type Platform } from './platforms.ts';

const elfMachines: Record<string, number> = { x86_64: 62, aarch64: 183, riscv64: 243, ppc64: 21, s390x: 22 };
const identification = [0x7f, 0x50, 0x4e, 0x49]; // \x7fPNI
const headerBytes = 28;

export interface NativeImage {
  platform: Platform;
  data: Uint8Array;
  source: string;
}

export class ExecFormatError extends Error {
  override readonly name = 'ExecFormatError';
}

/** Builds an image for `platform`: `words` go into its data section in that platform's byte order. */
export function buildNativeImage(platform: Platform, words: readonly number[], source: string): Uint8Array {
  const littleEndian = platform.byteOrder === 'little-endian';
  const code = Buffer.from(source, 'utf8');
  const bytes = new Uint8Array(headerBytes + words.length * 4 + code.length);
  const view = new DataView(bytes.buffer);
  bytes.set(identification, 0);
  bytes[4] = 2; // 64-bit
  bytes[5] = littleEndian ? 1 : 2;
  bytes[6] = 1;
  view.setUint16(16, elfMachines[platform.machine] ?? 0, littleEndian);
  view.setUint32(20, words.length * 4, littleEndian);
  view.setUint32(24, code.length, littleEndian);
  words.forEach((word, index) => view.setInt32(headerBytes + index * 4, word, littleEndian));
  bytes.set(code, headerBytes + words.length * 4);
  return bytes;
}

/** What a host's loader does: read the header, refuse an image of another platform, hand out its parts. */
export function loadNativeImage(bytes: Uint8Array, host: Platform): NativeImage {
  if (bytes.length < headerBytes || identification.some((byte, index) => bytes[index] !== byte)) throw new ExecFormatError('exec format error: not a native image');
  const littleEndian = bytes[5] === 1;
  if (bytes[5] !== 1 && bytes[5] !== 2) throw new ExecFormatError('exec format error: unknown byte order in the image header');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const machineNumber = view.getUint16(16, littleEndian);
  const machine = Object.entries(elfMachines).find(([, number]) => number === machineNumber)?.[0] ?? `machine ${machineNumber}`;
  const image: Platform = { machine, byteOrder: littleEndian ? 'little-endian' : 'big-endian' };
  if (image.machine !== host.machine || image.byteOrder !== host.byteOrder) {
    throw new ExecFormatError(`exec format error: the image is native code for ${platformName(image)} (ELF machine ${machineNumber}); this host is ${platformName(host)}, so its processor cannot execute it`);
  }
  const dataLength = view.getUint32(20, littleEndian);
  const codeLength = view.getUint32(24, littleEndian);
  if (headerBytes + dataLength + codeLength !== bytes.length) throw new ExecFormatError('exec format error: the image is truncated');
  return { platform: image, data: bytes.slice(headerBytes, headerBytes + dataLength), source: Buffer.from(bytes.subarray(headerBytes + dataLength)).toString('utf8') };
}

/** The paradigms' task as native code: K comes from the data section, read in the host's byte order. */
export const nativeTopOrdersSource = `
export default async function topOrders(system) {
  const top = system.data.getInt32(0, system.littleEndian);
  const best = [];
  for (;;) {
    const pairs = await system.records(4096);
    if (pairs.length === 0) break;
    for (let index = 0; index < pairs.length; index += 2) {
      const id = pairs[index], amount = pairs[index + 1];
      let position = best.length;
      while (position > 0 && (best[position - 1][0] < amount || (best[position - 1][0] === amount && best[position - 1][1] > id))) position -= 1;
      if (position < top) {
        best.splice(position, 0, [amount, id]);
        if (best.length > top) best.pop();
      }
    }
  }
  return best.flat();
}
`;
