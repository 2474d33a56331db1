// The key-value server's table, kept entirely in guest memory (open addressing, 128-byte slots), so
// that migrating the memory migrates the data. Requests are text lines from the virtual NIC:
// `GET key` -> `VALUE value` | `MISSING`, `SET key value` -> `OK`.
import type { GuestMemory } from './guestMemory.ts';

const slotBytes = 128;
const keyOffset = 8;
export const maximumKeyBytes = 56;
const valueOffset = 64;
export const maximumValueBytes = 64;

const encoder = new TextEncoder();
const decoder = new TextDecoder();

function hashOf(bytes: Uint8Array): number {
  let hash = 0x811c9dc5;
  for (const byte of bytes) hash = Math.imul(hash ^ byte, 0x01000193);
  return hash >>> 0;
}

export function initialValueOf(key: string): string {
  return `initial-${key}`;
}

/** The guest memory a table for `keyCount` keys takes (at most half its slots in use). */
export function keyTableBytes(keyCount: number): number {
  let slots = 1;
  while (slots < keyCount * 2) slots *= 2;
  return slots * slotBytes;
}

export class KeyValueStore {
  private readonly memory: GuestMemory;
  private readonly slotCount: number;
  private readonly slotWords = slotBytes / 4;
  private readonly scratch = new Uint8Array(slotBytes);

  constructor(memory: GuestMemory, keyCount: number) {
    this.memory = memory;
    const tableBytes = keyTableBytes(keyCount);
    if (tableBytes > memory.bytes.length) throw new Error(`${keyCount} keys need ${tableBytes >> 20} MiB of guest memory; the guest has ${memory.bytes.length >> 20} MiB`);
    this.slotCount = tableBytes / slotBytes;
  }

  /** Clears the table and stores keys k0..k(n-1) with their initial values. */
  populate(keyCount: number): void {
    this.memory.bytes.fill(0, 0, this.slotCount * slotBytes);
    for (let index = 0; index < keyCount; index += 1) this.set(encoder.encode(`k${index}`), encoder.encode(initialValueOf(`k${index}`)));
  }

  /** `record` is [u32 connection][request line]; the answer keeps the same connection prefix. */
  handle(record: Uint8Array): Uint8Array {
    const line = decoder.decode(record.subarray(4)).trim();
    const [command, key, ...rest] = line.split(' ');
    let answer: string;
    if (command === 'GET' && key !== undefined) {
      const value = this.get(encoder.encode(key));
      answer = value === undefined ? 'MISSING' : `VALUE ${decoder.decode(value)}`;
    } else if (command === 'SET' && key !== undefined && rest.length > 0) {
      answer = this.set(encoder.encode(key), encoder.encode(rest.join(' '))) ? 'OK' : 'ERROR full or too long';
    } else {
      answer = 'ERROR bad request';
    }
    const encoded = encoder.encode(answer);
    const response = new Uint8Array(4 + encoded.length);
    response.set(record.subarray(0, 4));
    response.set(encoded, 4);
    return response;
  }

  get(key: Uint8Array): Uint8Array | undefined {
    const slot = this.find(key);
    if (slot < 0) return undefined;
    const base = slot * this.slotWords;
    const valueLength = this.memory.readWord(base + 1);
    const value = new Uint8Array(valueLength);
    this.memory.readBytes(slot * slotBytes + valueOffset, value, valueLength);
    return value;
  }

  set(key: Uint8Array, value: Uint8Array): boolean {
    if (key.length === 0 || key.length > maximumKeyBytes || value.length > maximumValueBytes) return false;
    let slot = this.find(key);
    if (slot < 0) slot = -slot - 1;
    if (slot >= this.slotCount) return false;
    const base = slot * this.slotWords;
    this.memory.writeBytes(slot * slotBytes + keyOffset, key);
    this.memory.writeBytes(slot * slotBytes + valueOffset, value);
    this.memory.writeWord(base + 1, value.length);
    this.memory.writeWord(base, key.length);
    return true;
  }

  /** The slot holding `key`, or -(free slot + 1) where it would go (-(slotCount+1) when full). */
  private find(key: Uint8Array): number {
    const start = hashOf(key) & (this.slotCount - 1);
    for (let probe = 0; probe < this.slotCount; probe += 1) {
      const slot = (start + probe) & (this.slotCount - 1);
      const keyLength = this.memory.readWord(slot * this.slotWords);
      if (keyLength === 0) return -slot - 1;
      if (keyLength !== key.length) continue;
      this.memory.readBytes(slot * slotBytes + keyOffset, this.scratch, keyLength);
      let same = true;
      for (let index = 0; index < keyLength; index += 1) {
        if (this.scratch[index] !== key[index]) {
          same = false;
          break;
        }
      }
      if (same) return slot;
    }
    return -this.slotCount - 1;
  }
}
