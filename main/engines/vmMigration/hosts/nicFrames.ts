// Frames between the front port (the stable address clients use) and the host running the VM:
// [u32 connection][u32 length][bytes]. A few reserved connection numbers carry control signals.

export const nicSignals = {
  /** Host -> front port: hold client requests, the VM is about to stop here. */
  hold: 0xfffffff0,
  /** Front port -> host: nothing more will come from me until I am told where the VM is. */
  barrier: 0xfffffff1,
  /** Host -> front port: the VM runs here now; send requests (and the held ones) to me. */
  active: 0xfffffff2,
  /** Host -> front port: migration aborted, the VM still runs here; resume sending. */
  release: 0xfffffff3,
} as const;

export function nicFrame(connection: number, body: Uint8Array): Buffer {
  const framed = Buffer.allocUnsafe(8 + body.length);
  framed.writeUInt32LE(connection, 0);
  framed.writeUInt32LE(body.length, 4);
  framed.set(body, 8);
  return framed;
}

/** Cuts a NIC byte stream into (connection, body) pairs. */
export class NicFrameReader {
  private pending: Buffer = Buffer.alloc(0);
  private readonly onFrame: (connection: number, body: Buffer) => void;

  constructor(onFrame: (connection: number, body: Buffer) => void) {
    this.onFrame = onFrame;
  }

  push(chunk: Buffer): void {
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    let offset = 0;
    while (this.pending.length - offset >= 8) {
      const length = this.pending.readUInt32LE(offset + 4);
      if (this.pending.length - offset < 8 + length) break;
      this.onFrame(this.pending.readUInt32LE(offset), this.pending.subarray(offset + 8, offset + 8 + length));
      offset += 8 + length;
    }
    this.pending = this.pending.subarray(offset);
  }
}
