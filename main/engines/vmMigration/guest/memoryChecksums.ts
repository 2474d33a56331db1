// Per-page checksums of one copy of guest memory, computed in WebAssembly with 128-bit SIMD when the
// memory is a WebAssembly memory (see createGuestMemoryBuffers), else by the JavaScript pageChecksum.
// Both compute the same function: pageChecksum's four lanes are exactly the four 32-bit lanes of a
// 16-byte vector, so the running sums are two vector adds per 16 bytes.
//
// Why: the destination checksums every page it receives (the integrity check compares them with the
// source's frozen memory), and in JavaScript that ran at 4-6 GB/s: as long as the kernel's copy of
// the page off the socket, so the stream's speed was halved by its own integrity check.
import { pageChecksum, type GuestMemoryBuffers } from './guestMemory.ts';

/** Unsigned LEB128, as WebAssembly encodes sizes and indices. */
function unsignedLeb(value: number): number[] {
  const bytes: number[] = [];
  do {
    let byte = value & 0x7f;
    value >>>= 7;
    if (value !== 0) byte |= 0x80;
    bytes.push(byte);
  } while (value !== 0);
  return bytes;
}

/** Signed LEB128 of a 32-bit integer (an i32.const operand). */
function signedLeb(value: number): number[] {
  const bytes: number[] = [];
  value |= 0;
  for (;;) {
    const byte = value & 0x7f;
    value >>= 7;
    if ((value === 0 && (byte & 0x40) === 0) || (value === -1 && (byte & 0x40) !== 0)) {
      bytes.push(byte);
      return bytes;
    }
    bytes.push(byte | 0x80);
  }
}

const text = (name: string): number[] => [...unsignedLeb(name.length), ...Buffer.from(name, 'latin1')];
const section = (id: number, content: number[]): number[] => [id, ...unsignedLeb(content.length), ...content];

const op = {
  loop: 0x03,
  end: 0x0b,
  brIf: 0x0d,
  localGet: 0x20,
  localSet: 0x21,
  localTee: 0x22,
  i32Const: 0x41,
  i32LtU: 0x49,
  i32Add: 0x6a,
  i32Mul: 0x6c,
  i32Xor: 0x73,
  simd: 0xfd,
} as const;
const simd = { v128Load: [0x00], i32x4ExtractLane: [0x1b], i32x4Add: [0xae, 0x01] } as const;
const types = { i32: 0x7f, v128: 0x7b, emptyBlock: 0x40, func: 0x60 } as const;

/**
 * (func $checksum (param $start i32) (param $end i32) (result i32)), over memory [start, end), with
 * end - start a positive multiple of 16: pageChecksum of those bytes as 32-bit words.
 */
function checksumBody(): number[] {
  const [start, end, sums, orders, hash] = [0, 1, 2, 3, 4];
  const code: number[] = [];
  code.push(op.loop, types.emptyBlock);
  // sums += v128.load(start); orders += sums; start += 16; loop while start < end.
  code.push(op.localGet, sums, op.localGet, start, op.simd, ...simd.v128Load, 4, 0, op.simd, ...simd.i32x4Add, op.localTee, sums);
  code.push(op.localGet, orders, op.simd, ...simd.i32x4Add, op.localSet, orders);
  code.push(op.localGet, start, op.i32Const, ...signedLeb(16), op.i32Add, op.localTee, start, op.localGet, end, op.i32LtU, op.brIf, 0);
  code.push(op.end);
  // FNV-1a over the eight lanes, sums first, as pageChecksum finishes.
  code.push(op.i32Const, ...signedLeb(0x811c9dc5), op.localSet, hash);
  for (const vector of [sums, orders]) {
    for (let lane = 0; lane < 4; lane += 1) {
      code.push(op.localGet, hash, op.localGet, vector, op.simd, ...simd.i32x4ExtractLane, lane, op.i32Xor);
      code.push(op.i32Const, ...signedLeb(0x01000193), op.i32Mul, op.localSet, hash);
    }
  }
  code.push(op.localGet, hash, op.end);
  const locals = [2, 2, types.v128, 1, types.i32];
  return [...unsignedLeb(locals.length + code.length), ...locals, ...code];
}

function checksumModuleBytes(): Uint8Array<ArrayBuffer> {
  const maximumMemoryPages = 65536;
  return new Uint8Array([
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...section(1, [1, types.func, 2, types.i32, types.i32, 1, types.i32]),
    // (import "env" "memory" (memory 0 65536 shared))
    ...section(2, [1, ...text('env'), ...text('memory'), 0x02, 0x03, 0, ...unsignedLeb(maximumMemoryPages)]),
    ...section(3, [1, 0]),
    ...section(7, [1, ...text('checksum'), 0x00, 0]),
    ...section(10, [1, ...checksumBody()]),
  ]);
}

let compiled: WebAssembly.Module | undefined;

type ChecksumExport = (start: number, end: number) => number;

export class MemoryChecksums {
  private readonly words: Int32Array;
  private readonly pageSize: number;
  private readonly wordsPerPage: number;
  private readonly wasmChecksum: ChecksumExport | undefined;

  constructor(memory: GuestMemoryBuffers) {
    this.words = new Int32Array(memory.data);
    this.pageSize = memory.pageSize;
    this.wordsPerPage = memory.pageSize / 4;
    if (memory.wasmMemory !== undefined) {
      compiled ??= new WebAssembly.Module(checksumModuleBytes());
      const instance = new WebAssembly.Instance(compiled, { env: { memory: memory.wasmMemory } });
      this.wasmChecksum = instance.exports.checksum as ChecksumExport;
    }
  }

  /** True when the checksums are computed in WebAssembly. */
  get vectorised(): boolean {
    return this.wasmChecksum !== undefined;
  }

  /** pageChecksum of `page` of this memory. */
  of(page: number): number {
    if (this.wasmChecksum === undefined) return pageChecksum(this.words, page, this.wordsPerPage);
    const start = page * this.pageSize;
    return this.wasmChecksum(start, start + this.pageSize) >>> 0;
  }
}
