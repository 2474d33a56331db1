// Random draws addressed by position rather than taken from a stream: the draw for message k of a
// link depends only on the seed, the link's name, k and what is being decided. So a link decides
// the same faults for its k-th message whatever other links did meanwhile, and a run with the same
// seed and the same messages injects the same faults.

/** FNV-1a over the UTF-16 code units of `text`: a 32-bit key for a name. */
export function nameKey(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index += 1) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

/** MurmurHash3's 32-bit finaliser: every input bit reaches every output bit. */
function finalise(value: number): number {
  let mixed = value >>> 0;
  mixed ^= mixed >>> 16;
  mixed = Math.imul(mixed, 0x85ebca6b);
  mixed ^= mixed >>> 13;
  mixed = Math.imul(mixed, 0xc2b2ae35);
  mixed ^= mixed >>> 16;
  return mixed >>> 0;
}

/** A draw in [0, 1) for (seed, key, index, slot); the same four give the same draw. */
export function drawAt(seed: number, key: number, index: number, slot: number): number {
  let mixed = finalise((seed >>> 0) ^ 0x9e3779b9);
  mixed = finalise(mixed ^ key);
  mixed = finalise(mixed ^ (index >>> 0));
  // Indexes past 2^32 (never reached in a lab run) fold their high part in.
  mixed = finalise(mixed ^ Math.floor(index / 2 ** 32) ^ Math.imul(slot + 1, 0x27d4eb2d));
  return mixed / 4294967296;
}
