// The files of the file service are made of blocks that say what they are: each starts with the
// version of the file it belongs to, the file's number and its own number, so a reader can tell
// from any block it got whether it was stale.

export const blockHeaderBytes = 16;

export function fileName(fileIndex: number): string {
  return `file-${String(fileIndex).padStart(3, '0')}`;
}

/** The whole content of file `fileIndex` at `version`: `blocks` blocks of `blockSize` bytes. */
export function fileContent(fileIndex: number, version: number, blocks: number, blockSize: number): Buffer {
  const content = Buffer.alloc(blocks * blockSize, (fileIndex * 31 + version) & 0xff);
  for (let block = 0; block < blocks; block += 1) {
    const offset = block * blockSize;
    content.writeBigUInt64BE(BigInt(version), offset);
    content.writeUInt32BE(fileIndex, offset + 8);
    content.writeUInt32BE(block, offset + 12);
  }
  return content;
}

/** The version a block carries; -1 for a block too short to carry one. */
export function blockVersion(block: Uint8Array): number {
  if (block.length < blockHeaderBytes) return -1;
  return Number(Buffer.from(block.buffer, block.byteOffset, 8).readBigUInt64BE(0));
}
