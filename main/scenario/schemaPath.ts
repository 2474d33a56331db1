import type { SchemaNode } from './schema.ts';

/** The schema node at a dotted scenario path (`strategies.0.maxRounds`), or undefined. */
export function schemaNodeAt(root: SchemaNode, path: string): SchemaNode | undefined {
  let node: SchemaNode | undefined = root;
  for (const key of path.split('.')) {
    if (node === undefined) return undefined;
    if (node.kind === 'object') node = (node.fields as Record<string, SchemaNode>)[key];
    else if (node.kind === 'array' && /^\d+$/.test(key)) node = node.items as SchemaNode;
    else return undefined;
  }
  return node;
}
