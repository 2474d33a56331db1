// A process's references to resources (its resource segment) and what one access to each does,
// on the host that holds the resource. Every access checks that it got what the process is bound
// to: the very journal and database it started with (by identifier), the same values (by value),
// or just a working resource of the kind (by type).
import { closeSync, existsSync, openSync, readFileSync, readSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Action, Attachment, Binding, ResourceName } from '../bindingTable.ts';
import type { HostResources } from './hostResources.ts';
import { libraryDigest, libraryWord, priceItems, priceListDigest, priceOf, quoteCount, quoteOf, quotesDigest } from './resourceValues.ts';

export interface ResourceRef {
  index: number;
  binding: Binding;
  attachment: Attachment;
  action: Action;
  resource: ResourceName;
  /** The host whose resource the process started with. */
  origin: string;
  /** The host that holds the instance the process uses now. */
  location: string;
  /** That instance's file (files and databases), on `location`. */
  path?: string;
  state: { accesses: number; instance?: string; baseCount?: number; valueDigest?: string };
  refused?: string;
}

const databases = new Map<string, Database.Database>();

function database(resources: HostResources, path: string): Database.Database {
  for (const own of [resources.orders, resources.prices, resources.cache]) if (own.open && own.name === path) return own;
  let handle = databases.get(path);
  if (handle === undefined || !handle.open) {
    if (!existsSync(path)) throw new Error(`${path} is not on ${resources.hostName}`);
    handle = new Database(path);
    databases.set(path, handle);
  }
  return handle;
}

function askEndpoint(host: string, port: number, line: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port });
    const timer = setTimeout(() => (socket.destroy(), reject(new Error('the endpoint did not answer'))), 2_000);
    let answer = '';
    socket.on('connect', () => socket.write(`${line}\n`));
    socket.on('data', (chunk) => {
      answer += chunk.toString('latin1');
      if (answer.includes('\n')) {
        clearTimeout(timer);
        socket.destroy();
        resolve(answer.trim());
      }
    });
    socket.on('error', (error) => (clearTimeout(timer), reject(error)));
  });
}

/** The file each resource of a host is, when it is one. */
export function ownPath(resources: HostResources, resource: ResourceName): string | undefined {
  const files: Partial<Record<ResourceName, string>> = {
    journal: 'journal.log',
    library: 'library.dat',
    scratch: 'scratch/scratch.tmp',
    orders: 'orders.sqlite',
    prices: 'prices.sqlite',
    cache: 'cache.sqlite',
  };
  const file = files[resource];
  return file === undefined ? undefined : join(resources.directory, file);
}

/** The value a by-value reference needs, named by a digest. */
export function valueDigestOf(resource: ResourceName, hostName: string): string | undefined {
  if (resource === 'library') return libraryDigest();
  if (resource === 'prices') return priceListDigest(hostName);
  if (resource === 'quotes') return quotesDigest(hostName);
  return undefined;
}

/** One access, made on the host that holds the instance; true when it gave what the process is bound to. */
export async function accessHere(resources: HostResources, endpoint: { host: string; port: number }, ref: ResourceRef, index: number): Promise<boolean> {
  const path = ref.path ?? '';
  const ordinal = ref.state.accesses;
  switch (ref.resource) {
    case 'journal': {
      writeFileSync(path, `access ${ordinal} of process bound to ${ref.origin}'s journal\n`, { flag: 'a' });
      const lines = readFileSync(path, 'utf8').split('\n').length - 1;
      return lines === ordinal + 1;
    }
    case 'library': {
      const descriptor = openSync(path, 'r');
      try {
        const word = Buffer.alloc(4);
        readSync(descriptor, word, 0, 4, (index * 4) % (64 * 1024));
        return word.readInt32BE(0) === libraryWord(index);
      } finally {
        closeSync(descriptor);
      }
    }
    case 'scratch': {
      const text = `scratch ${ordinal} ${index}`;
      writeFileSync(path, text);
      return readFileSync(path, 'utf8') === text;
    }
    case 'orders': {
      const orders = database(resources, path);
      const instance = (orders.prepare("SELECT value FROM meta WHERE key = 'instance'").get() as { value: string } | undefined)?.value;
      const countBefore = (orders.prepare('SELECT count(*) AS count FROM orders').get() as { count: number }).count;
      if (ref.state.instance === undefined) {
        ref.state.instance = instance;
        ref.state.baseCount = countBefore;
      }
      orders.prepare('INSERT INTO orders (id, customer, amount, date, item) VALUES (?, 0, 1, 0, ?)').run(900_000_000 + ordinal, `written by the migrating process, access ${ordinal}`);
      const countAfter = countBefore + 1;
      return instance === ref.state.instance && countAfter === ref.state.baseCount! + ordinal + 1;
    }
    case 'prices': {
      const item = index % priceItems;
      const row = database(resources, path).prepare('SELECT price FROM prices WHERE item = ?').get(item) as { price: number } | undefined;
      return row?.price === priceOf(ref.origin, item);
    }
    case 'cache': {
      const cache = database(resources, path);
      cache.prepare('INSERT OR REPLACE INTO cache (key, value) VALUES (?, ?)').run(`k${ordinal}`, `v${index}`);
      return (cache.prepare('SELECT value FROM cache WHERE key = ?').get(`k${ordinal}`) as { value: string } | undefined)?.value === `v${index}`;
    }
    case 'endpoint':
      return (await askEndpoint(endpoint.host, endpoint.port, 'WHO')).split(' ')[0] === ref.origin;
    case 'quotes': {
      const quote = index % quoteCount;
      return (await askEndpoint(endpoint.host, endpoint.port, `QUOTE ${quote}`)).split(' ')[1] === String(quoteOf(ref.origin, quote));
    }
    case 'printer':
      resources.printer.print(`job ${ordinal} of a process bound to a printer\n`);
      return resources.printer.type === 'printer';
  }
}

/** The bytes of a resource instance, to move or copy it. */
export function exportResource(resources: HostResources, ref: ResourceRef): Uint8Array {
  if (ref.attachment === 'fastened') return database(resources, ref.path!).serialize();
  return readFileSync(ref.path!);
}

/** After a move: the original is gone from here (a database is closed first). */
export function removeResource(resources: HostResources, ref: ResourceRef): void {
  if (ref.attachment === 'fastened') {
    database(resources, ref.path!).close();
    databases.delete(ref.path!);
  }
  rmSync(ref.path!, { force: true });
}

/** Installs moved or copied bytes here; the reference now points at them. */
export function adoptResource(resources: HostResources, ref: ResourceRef, bytes: Uint8Array): void {
  const path = join(resources.directory, 'adopted', `${ref.origin}-${ref.resource}-${ref.index}${ref.attachment === 'fastened' ? '.sqlite' : '.dat'}`);
  writeFileSync(path, bytes);
  ref.location = resources.hostName;
  ref.path = path;
}

/** Rebinding: a local resource of the same type, and for a by-value reference only one of the same value. */
export function rebindHere(resources: HostResources, ref: ResourceRef): void {
  if (ref.binding === 'value') {
    const here = valueDigestOf(ref.resource, resources.hostName);
    if (here !== ref.state.valueDigest) {
      ref.refused = `bound by value, the process needs ${ref.origin}'s ${ref.resource}; ${resources.hostName}'s own holds other values (digest ${here} ≠ ${ref.state.valueDigest}), so there is nothing equal to rebind to`;
      return;
    }
  }
  ref.location = resources.hostName;
  const path = ownPath(resources, ref.resource);
  if (path !== undefined) ref.path = path;
}

export function closeAdoptedDatabases(): void {
  for (const handle of databases.values()) if (handle.open) handle.close();
  databases.clear();
}
