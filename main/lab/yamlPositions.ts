import { LineCounter, parseDocument, type Node as YamlNode } from 'yaml';

export interface TextPosition {
  line: number;
  column: number;
}

/**
 * Finds where a value sits in YAML text, for problems found after the text parsed (a duplicate
 * id, a variable whose values break the scenario). Falls back to the nearest enclosing value
 * that exists, then to the start of the file.
 */
export function yamlPathPosition(text: string, path: readonly (string | number)[]): TextPosition {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, uniqueKeys: false });
  for (let depth = path.length; depth >= 0; depth -= 1) {
    const node = (depth === 0 ? document.contents : document.getIn(path.slice(0, depth), true)) as YamlNode | null | undefined;
    const start = node?.range?.[0];
    if (start !== undefined) {
      const position = lineCounter.linePos(start);
      return { line: position.line, column: position.col };
    }
  }
  return { line: 1, column: 1 };
}
