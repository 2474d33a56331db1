import { isMap, isSeq, parseDocument, stringify } from 'yaml';

export interface ScenarioOverride {
  path: string;
  value: string;
}

export type OverrideResult = { ok: true; text: string } | { ok: false; message: string };

const pathPattern = /^[A-Za-z_][\w-]*(\.([A-Za-z_][\w-]*|\d+))*$/;

/** Parses `path=value` as given to `--set`. */
export function parseOverride(argument: string): ScenarioOverride | undefined {
  const equals = argument.indexOf('=');
  if (equals <= 0) return undefined;
  const path = argument.slice(0, equals).trim();
  if (!pathPattern.test(path)) return undefined;
  return { path, value: argument.slice(equals + 1) };
}

/** The first line of a YAML message, without the position inside a one-line value. */
function firstLine(message: string): string {
  return message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
}

/** A value as `--set` reads it: YAML (`8`, `2s`, `[a, b]`), or why it is not. */
function readValue(override: ScenarioOverride): { ok: true; value: unknown } | { ok: false; message: string } {
  const document = parseDocument(override.value);
  const problem = document.errors[0] ?? document.warnings[0];
  const refuse = (reason: string): { ok: false; message: string } => ({
    ok: false,
    message: `--set ${override.path}: ${JSON.stringify(override.value)} is not a value (${reason}); put it in quotes to mean the text itself, like ${override.path}='"${override.value.replaceAll("'", '')}"'`,
  });
  if (problem !== undefined) return refuse(firstLine(problem.message));
  try {
    const value = document.toJS({ maxAliasCount: 0 }) as unknown;
    // Nothing after the `=` is the empty text; `null` or `~` written out is YAML's nothing.
    return { ok: true, value: value === null && override.value.trim() === '' ? override.value : value };
  } catch (error) {
    // The usual one: `*a`, an alias, and a value has no anchor for it to refer to.
    if (/^\s*\*/.test(override.value)) return refuse('an alias, and a --set value has no anchor for it to refer to');
    return refuse(firstLine(error instanceof Error ? error.message : String(error)));
  }
}

/**
 * Applies overrides to scenario text. A value is read as YAML (`8` is a number, `2s` a string,
 * `[a, b]` a list); list items are addressed by index (`servers.0.workers=8`), and one past the
 * last item adds an item. Every refusal names the --set path it is about.
 */
export function applyOverrides(text: string, overrides: readonly ScenarioOverride[]): OverrideResult {
  if (overrides.length === 0) return { ok: true, text };
  const document = parseDocument(text);
  if (document.errors.length > 0) return { ok: false, message: 'the scenario is not valid YAML, so --set cannot change it' };
  if (document.contents !== null && !isMap(document.contents)) return { ok: false, message: 'the scenario is not a mapping of keys to values, so --set cannot change it' };
  for (const override of overrides) {
    const keys = override.path.split('.').map((key) => (/^\d+$/.test(key) ? Number(key) : key));
    const refuse = (message: string): OverrideResult => ({ ok: false, message: `--set ${override.path}: ${message}` });
    for (let depth = 1; depth < keys.length; depth += 1) {
      const parentPath = keys.slice(0, depth).join('.');
      const parent = document.getIn(keys.slice(0, depth), true);
      const key = keys[depth]!;
      if (typeof key === 'number') {
        if (parent === undefined) return refuse(`${parentPath} is not in the scenario, so it has no item ${key}`);
        if (!isSeq(parent)) return refuse(`${parentPath} is not a list`);
        // One past the end adds an item; further would leave empty items in between.
        if (key > parent.items.length) {
          const items = parent.items.length;
          return refuse(`${parentPath} has ${items} item${items === 1 ? '' : 's'}${items === 0 ? '' : ` (${parentPath}.0 to ${parentPath}.${items - 1})`}; ${parentPath}.${items} adds one`);
        }
      } else if (parent !== undefined && !isMap(parent)) {
        return refuse(`${parentPath} is not a mapping`);
      }
    }
    const value = readValue(override);
    if (!value.ok) return value;
    try {
      document.setIn(keys, document.createNode(value.value));
    } catch (error) {
      return refuse(firstLine(error instanceof Error ? error.message : String(error)));
    }
  }
  return { ok: true, text: document.toString() };
}

export { stringify as stringifyYaml };
