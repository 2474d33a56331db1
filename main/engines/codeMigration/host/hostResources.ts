// A host's local resources, one of each kind the lecture's table names:
// - unattached: files in its data folder (a journal, a library, scratch files);
// - fastened: SQLite databases (its orders, its price list, a cache), costly to move;
// - fixed: a printer (a typed device spooling to the host's own folder) and a socket endpoint it
//   serves on its own address (QUOTE n, WHO), which exist only on this machine.
import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { encodeOrders, generateOrders, type Order } from '../orders.ts';
import { libraryContent, priceItems, priceOf, quoteOf } from './resourceValues.ts';

export interface OrdersSpec {
  seed: number;
  /** Which data host this is (0 for the first): picks its orders. */
  dataIndex: number;
  count: number;
}

/** A printer-like sink: jobs go to its spool folder, in order; it exists on this host only. */
export class PrinterDevice {
  readonly type = 'printer';
  jobs = 0;
  private readonly spool: string;
  constructor(spool: string) {
    this.spool = spool;
    mkdirSync(spool, { recursive: true });
  }
  print(text: string): number {
    this.jobs += 1;
    writeFileSync(join(this.spool, `job-${String(this.jobs).padStart(5, '0')}.txt`), text);
    return this.jobs;
  }
}

function openDatabase(path: string): Database.Database {
  const database = new Database(path);
  // One file per database (no WAL side files): moving one means moving exactly its bytes.
  database.pragma('journal_mode = DELETE');
  database.pragma('synchronous = OFF');
  return database;
}

export function createOrdersDatabase(path: string, orders: readonly Order[], hostName: string): Database.Database {
  const database = openDatabase(path);
  database.exec('CREATE TABLE IF NOT EXISTS orders (id INTEGER PRIMARY KEY, customer INTEGER, amount INTEGER, date INTEGER, item TEXT); CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT)');
  const insert = database.prepare('INSERT INTO orders (id, customer, amount, date, item) VALUES (?, ?, ?, ?, ?)');
  database.transaction(() => {
    for (const order of orders) insert.run(order.id, order.customer, order.amount, order.date, order.item);
    database.prepare('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?), (?, ?)').run('instance', randomUUID(), 'host', hostName);
  })();
  return database;
}

export class HostResources {
  readonly directory: string;
  readonly hostName: string;
  readonly orders: Database.Database;
  readonly prices: Database.Database;
  readonly cache: Database.Database;
  readonly printer: PrinterDevice;
  private endpointServer: Server | undefined;
  private readonly endpointSockets = new Set<Socket>();
  endpointPort = 0;
  endpointConnections = 0;

  private constructor(directory: string, hostName: string, orders: Database.Database) {
    this.directory = directory;
    this.hostName = hostName;
    this.orders = orders;
    this.prices = openDatabase(join(directory, 'prices.sqlite'));
    this.prices.exec('CREATE TABLE IF NOT EXISTS prices (item INTEGER PRIMARY KEY, price INTEGER)');
    const setPrice = this.prices.prepare('INSERT OR REPLACE INTO prices (item, price) VALUES (?, ?)');
    this.prices.transaction(() => {
      for (let item = 0; item < priceItems; item += 1) setPrice.run(item, priceOf(hostName, item));
    })();
    this.cache = openDatabase(join(directory, 'cache.sqlite'));
    this.cache.exec('CREATE TABLE IF NOT EXISTS cache (key TEXT PRIMARY KEY, value TEXT)');
    this.printer = new PrinterDevice(join(directory, 'printer'));
    mkdirSync(join(directory, 'scratch'), { recursive: true });
    mkdirSync(join(directory, 'adopted'), { recursive: true });
    writeFileSync(join(directory, 'journal.log'), '');
    writeFileSync(join(directory, 'library.dat'), libraryContent());
  }

  static async open(directory: string, hostName: string, address: string, orders: OrdersSpec): Promise<HostResources> {
    mkdirSync(directory, { recursive: true, mode: 0o700 });
    const generated = generateOrders(orders.seed, orders.dataIndex, orders.count);
    const resources = new HostResources(directory, hostName, createOrdersDatabase(join(directory, 'orders.sqlite'), generated, hostName));
    await resources.serveEndpoint(address);
    return resources;
  }

  get ordersCount(): number {
    return (this.orders.prepare('SELECT count(*) AS count FROM orders').get() as { count: number }).count;
  }

  /** The first `limit` orders in id order, as client-server ships them. */
  encodedOrders(limit: number): Uint8Array {
    const rows = this.orders.prepare('SELECT id, customer, amount, date, item FROM orders ORDER BY id LIMIT ?').all(limit) as Order[];
    return encodeOrders(rows);
  }

  /** Hands out the first `limit` orders as [id, amount] pairs, `maximum` at a time. */
  orderCursor(limit: number): (maximum: number) => Int32Array {
    const statement = this.orders.prepare('SELECT id, amount FROM orders WHERE id > ? ORDER BY id LIMIT ?').raw(true);
    let lastId = 0;
    let left = limit;
    return (maximum) => {
      const rows = statement.all(lastId, Math.max(0, Math.min(maximum, left))) as [number, number][];
      left -= rows.length;
      const pairs = new Int32Array(rows.length * 2);
      rows.forEach(([id, amount], index) => {
        pairs[index * 2] = id;
        pairs[index * 2 + 1] = amount;
      });
      if (rows.length > 0) lastId = rows[rows.length - 1]![0];
      return pairs;
    };
  }

  /** The fixed endpoint: a line protocol on the host's own address. */
  private serveEndpoint(address: string): Promise<void> {
    const server = createServer((socket) => {
      this.endpointConnections += 1;
      this.endpointSockets.add(socket);
      socket.on('close', () => this.endpointSockets.delete(socket));
      socket.on('error', () => socket.destroy());
      let buffered = '';
      socket.on('data', (chunk) => {
        buffered += chunk.toString('latin1');
        if (buffered.length > 4096) return void socket.destroy();
        let newline: number;
        while ((newline = buffered.indexOf('\n')) >= 0) {
          const line = buffered.slice(0, newline).trim();
          buffered = buffered.slice(newline + 1);
          const quote = /^QUOTE (\d+)$/.exec(line);
          if (quote !== null) socket.write(`${this.hostName} ${quoteOf(this.hostName, Number(quote[1]))}\n`);
          else if (line === 'WHO') socket.write(`${this.hostName} ${this.endpointConnections}\n`);
          else socket.write('ERR\n');
        }
      });
    });
    this.endpointServer = server;
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen({ host: address, port: 0 }, () => {
        this.endpointPort = (server.address() as { port: number }).port;
        resolve();
      });
    });
  }

  async close(): Promise<void> {
    for (const database of [this.orders, this.prices, this.cache]) if (database.open) database.close();
    for (const socket of this.endpointSockets) socket.destroy();
    await new Promise<void>((resolve) => (this.endpointServer === undefined ? resolve() : this.endpointServer.close(() => resolve())));
  }
}
