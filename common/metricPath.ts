/**
 * Reads a value from a run's metrics (or a scenario) by path: dotted keys, list indexes
 * (`servers.0`) and list selectors (`servers[architecture=event-driven]` picks the first item
 * whose key has that value). Checks and the citations in answers read values this way. Only a
 * record's own members are read, so a path written by a student cannot reach anything else.
 */
export function readPath(root: unknown, path: string): unknown {
  let current: unknown = root;
  for (const part of path.split(/\.(?![^[]*\])/)) {
    const selector = /^([\w-]+)\[([\w-]+)=([^\]]*)\]$/.exec(part);
    if (selector) {
      const list = ownMember(current, selector[1]!);
      if (!Array.isArray(list)) return undefined;
      current = list.find((item) => String(ownMember(item, selector[2]!)) === selector[3]);
    } else if (Array.isArray(current) && /^\d+$/.test(part)) {
      current = current[Number(part)];
    } else if (current !== null && typeof current === 'object') {
      current = ownMember(current, part);
    } else {
      return undefined;
    }
  }
  return current;
}

function ownMember(record: unknown, key: string): unknown {
  return record !== null && typeof record === 'object' && Object.hasOwn(record, key) ? (record as Record<string, unknown>)[key] : undefined;
}
