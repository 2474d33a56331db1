// The lecture's resource-binding table: for each process-to-resource binding (identifier, value,
// type) and resource-to-machine binding (unattached, fastened, fixed), what to do with a process's
// reference to a local resource when the process moves — and which resource of a host stands
// for each cell in this lab, and which actions cannot be carried out at all, and why.

export const bindings = ['identifier', 'value', 'type'] as const;
export const attachments = ['unattached', 'fastened', 'fixed'] as const;
export const actions = ['GR', 'MV', 'CP', 'RB'] as const;
export type Binding = (typeof bindings)[number];
export type Attachment = (typeof attachments)[number];
export type Action = (typeof actions)[number];
export type ResourceName = 'journal' | 'library' | 'scratch' | 'orders' | 'prices' | 'cache' | 'endpoint' | 'quotes' | 'printer';

export interface BindingCell {
  binding: Binding;
  attachment: Attachment;
}

/** The resource of a host that each cell's process holds. */
export const cellResources: Record<Binding, Record<Attachment, ResourceName>> = {
  identifier: { unattached: 'journal', fastened: 'orders', fixed: 'endpoint' },
  value: { unattached: 'library', fastened: 'prices', fixed: 'quotes' },
  type: { unattached: 'scratch', fastened: 'cache', fixed: 'printer' },
};

export const resourceDescriptions: Record<ResourceName, string> = {
  journal: 'its journal file (it must keep appending to that file)',
  library: 'a library file (it needs the library’s contents)',
  scratch: 'a scratch file (any file storage will do)',
  orders: 'the host’s orders database (that database, others use it too)',
  prices: 'the host’s price list in a database (it needs those prices)',
  cache: 'a cache database (any database of that schema will do)',
  endpoint: 'the socket endpoint the host serves (that address and port)',
  quotes: 'the quotes the host’s endpoint serves (it needs those values)',
  printer: 'a printer (any printer will do)',
};

/**
 * The lecture's recommended action first, then its alternatives. The seeds disagree on one cell:
 * by type / unattached is "RB (or GR, CP)" in one, "RB (or MV, GR)" in another and "RB (or MV, CP)"
 * in a third; the alternatives listed here are their union.
 */
export const lectureActions: Record<Binding, Record<Attachment, readonly Action[]>> = {
  identifier: { unattached: ['MV', 'GR'], fastened: ['GR', 'MV'], fixed: ['GR'] },
  value: { unattached: ['CP', 'MV', 'GR'], fastened: ['GR', 'CP'], fixed: ['GR'] },
  type: { unattached: ['RB', 'GR', 'CP', 'MV'], fastened: ['RB', 'GR', 'CP'], fixed: ['RB', 'GR'] },
};

export const seedVersionsOfTypeUnattached = ['RB (or GR, CP)', 'RB (or MV, GR)', 'RB (or MV, CP)'] as const;

/** Every cell with the lecture's recommended action: the default of the experiment. */
export function defaultCells(): (BindingCell & { action: Action })[] {
  return bindings.flatMap((binding) => attachments.map((attachment) => ({ binding, attachment, action: lectureActions[binding][attachment][0]! })));
}

/**
 * Why an action cannot be carried out for a cell, whatever the hosts hold; undefined when it can be
 * tried (a rebinding by value is decided on arrival, by comparing the values).
 */
export function refusalOf(cell: BindingCell, action: Action): string | undefined {
  if (cell.attachment === 'fixed' && (action === 'MV' || action === 'CP')) {
    return `a fixed resource (${cell.binding === 'type' ? 'a device' : 'a socket endpoint'}) is bound to its machine: it can be neither moved nor copied, only reached (GR) or replaced by a local one (RB)`;
  }
  if (cell.binding === 'identifier' && action === 'CP') return 'bound by identifier, the process needs that very resource: a copy is another resource, and what the process writes to it would never reach the original';
  if (cell.binding === 'identifier' && action === 'RB') return 'bound by identifier, the process needs that very resource: rebinding would hand it another one';
  return undefined;
}
