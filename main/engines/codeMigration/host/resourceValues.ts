// Values every host can compute for any host's resources, so that an access made after a
// migration can be checked wherever it runs: the library's words (the same on every host: a
// standard library), each host's price list and each host's quotes (different on every host).
import { createHash } from 'node:crypto';

export const libraryBytes = 64 * 1024;
export const priceItems = 200;
export const quoteCount = 1_000;

function hashWord(text: string): number {
  return createHash('sha256').update(text).digest().readInt32BE(0);
}

/** The library file: the same bytes on every host. */
export function libraryContent(): Buffer {
  const bytes = Buffer.alloc(libraryBytes);
  for (let offset = 0; offset < libraryBytes; offset += 4) bytes.writeInt32BE(Math.imul(offset + 1, 0x9e3779b1), offset);
  return bytes;
}

export function libraryWord(index: number): number {
  const offset = (index * 4) % libraryBytes;
  return Math.imul(offset + 1, 0x9e3779b1);
}

/** A host's price of item `item`, in cents. */
export function priceOf(hostName: string, item: number): number {
  return 100 + (Math.abs(hashWord(`price ${hostName} ${item}`)) % 100_000);
}

/** What a host's endpoint answers to QUOTE n. */
export function quoteOf(hostName: string, index: number): number {
  return Math.abs(hashWord(`quote ${hostName} ${index}`)) % 1_000_000;
}

/** A digest that names a resource's value: equal digests, equal values. */
export function valueDigest(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}

export function priceListDigest(hostName: string): string {
  return valueDigest(Array.from({ length: priceItems }, (_, item) => priceOf(hostName, item)).join(','));
}

export function quotesDigest(hostName: string): string {
  return valueDigest(Array.from({ length: quoteCount }, (_, index) => quoteOf(hostName, index)).join(','));
}

export function libraryDigest(): string {
  return createHash('sha256').update(libraryContent()).digest('hex').slice(0, 16);
}
