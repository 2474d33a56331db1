// The orders the data hosts keep in their databases, generated from the run's seed so that every
// host, the engine and every paradigm agree on them: the engine knows the right answer without
// asking any host.

export interface Order {
  id: number;
  customer: number;
  /** Cents. */
  amount: number;
  /** Days since 2020-01-01. */
  date: number;
  item: string;
}

/** Bytes of one order on the wire (client-server ships these). */
export const orderBytes = 64;
const itemBytes = orderBytes - 16;
const words = ['bolt', 'gear', 'valve', 'pump', 'panel', 'cable', 'frame', 'lens', 'spring', 'drive', 'sensor', 'relay'];

function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The `count` first orders of data host number `hostIndex` (ids are unique across hosts). */
export function generateOrders(seed: number, hostIndex: number, count: number): Order[] {
  const random = mulberry32((seed ^ Math.imul(hostIndex + 1, 0x9e3779b1)) >>> 0);
  const orders: Order[] = [];
  for (let index = 0; index < count; index += 1) {
    const word = words[Math.floor(random() * words.length)]!;
    orders.push({
      id: (hostIndex + 1) * 10_000_000 + index + 1,
      customer: 1 + Math.floor(random() * 50_000),
      amount: 100 + Math.floor(random() * 9_999_900),
      date: Math.floor(random() * 1_500),
      item: `${word}-${(index % 997).toString().padStart(3, '0')} ${'x'.repeat(8 + Math.floor(random() * 24))}`.slice(0, itemBytes),
    });
  }
  return orders;
}

/** How many of the `total` records each of `hosts` data hosts holds. */
export function recordsPerHost(total: number, hosts: number): number[] {
  return Array.from({ length: hosts }, (_, index) => Math.floor(total / hosts) + (index < total % hosts ? 1 : 0));
}

export function encodeOrders(orders: readonly Order[]): Uint8Array {
  const bytes = Buffer.alloc(orders.length * orderBytes);
  orders.forEach((order, index) => {
    const offset = index * orderBytes;
    bytes.writeUInt32BE(order.id, offset);
    bytes.writeUInt32BE(order.customer, offset + 4);
    bytes.writeInt32BE(order.amount, offset + 8);
    bytes.writeUInt32BE(order.date, offset + 12);
    bytes.write(order.item, offset + 16, itemBytes, 'latin1');
  });
  return bytes;
}

/** The (id, amount) pairs of encoded orders, as the abstract machine's record syscall hands them out. */
export function pairsOfEncodedOrders(bytes: Uint8Array): Int32Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const count = Math.floor(bytes.length / orderBytes);
  const pairs = new Int32Array(count * 2);
  for (let index = 0; index < count; index += 1) {
    pairs[index * 2] = view.getUint32(index * orderBytes, false);
    pairs[index * 2 + 1] = view.getInt32(index * orderBytes + 8, false);
  }
  return pairs;
}

/** The `top` largest orders by amount (ties: smaller id first), as [amount, id] pairs. */
export function topOrders(orders: readonly { id: number; amount: number }[], top: number): number[] {
  return [...orders]
    .sort((first, second) => second.amount - first.amount || first.id - second.id)
    .slice(0, top)
    .flatMap((order) => [order.amount, order.id]);
}
