// Seeded mutations of scenario text, for fuzzing the validator: values swapped for hostile ones
// (inherited names, unit tricks, YAML tags and aliases, huge and odd numbers), keys that are
// prototype members, lines dropped, doubled, re-indented or cut short.
export type Random = () => number;

const hostileValues = [
  '5constructor', '5toString', '5__proto__', '5hasOwnProperty', '1e999s', '9'.repeat(400), '-1', '-0', '0x10', '1_000',
  '.inf', '-.inf', '.nan', 'NaN', 'Infinity', '~', 'null', '[]', '{}', '[1, [2, [3]]]', '*alias', '&anchor 5s', '!!binary aGk=',
  '!!js/function "x"', '!!str 5s', '"5s"', "'\\u0000'", '"\\x00\\xff"', 'yes', 'no', 'true', '2026-12-07', '12:30:00',
  'ὑπερ', '🙂🙂🙂', 'x'.repeat(5_000), '|\n  block', '>-\n  folded', '? complex', '- a\n- b', 'constructor', '__proto__', 'toString',
];
const hostileKeys = ['constructor', 'toString', '__proto__', 'hasOwnProperty', 'valueOf', '<<', '"a.b"', '? [1]', '0', '-1', ''];

function pick<T>(random: Random, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)]!;
}

/** One mutation of `text`; the same random sequence gives the same mutation. */
export function mutateScenario(text: string, random: Random): string {
  const lines = text.split('\n');
  const index = Math.floor(random() * lines.length);
  const line = lines[index]!;
  const indent = /^\s*/.exec(line)![0];
  switch (Math.floor(random() * 9)) {
    case 0:
    case 1: {
      // Replace a value (or the whole line, where there is none).
      const colon = line.indexOf(':');
      lines[index] = colon >= 0 ? `${line.slice(0, colon + 1)} ${pick(random, hostileValues)}` : `${indent}${pick(random, hostileValues)}`;
      break;
    }
    case 2:
      lines.splice(index, 0, `${indent}${pick(random, hostileKeys)}: ${pick(random, hostileValues)}`);
      break;
    case 3:
      lines.splice(index, 1);
      break;
    case 4:
      lines.splice(index, 0, line);
      break;
    case 5:
      lines[index] = random() < 0.5 ? `  ${line}` : `\t${line.trimStart()}`;
      break;
    case 6:
      return text.slice(0, Math.floor(random() * text.length));
    case 7: {
      // A key renamed to a prototype member, keeping its value.
      const colon = line.indexOf(':');
      if (colon >= 0) lines[index] = `${indent}${pick(random, hostileKeys)}${line.slice(colon)}`;
      break;
    }
    default: {
      // A random byte somewhere.
      const at = Math.floor(random() * text.length);
      return `${text.slice(0, at)}${String.fromCharCode(Math.floor(random() * 128))}${text.slice(at + 1)}`;
    }
  }
  return lines.join('\n');
}

/** Every number in a validated scenario value, with its path. */
export function numbersIn(value: unknown, path = ''): { path: string; value: number }[] {
  if (typeof value === 'number') return [{ path, value }];
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, inner]) => numbersIn(inner, path === '' ? key : `${path}.${key}`));
}
