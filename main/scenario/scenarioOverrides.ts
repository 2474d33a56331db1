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

/**
 * Applies overrides to scenario text. A value is read as YAML (`8` is a number, `2s` a string,
 * `[a, b]` a list); list items are addressed by index (`servers.0.workers=8`).
 */
export function applyOverrides(text: string, overrides: readonly ScenarioOverride[]): OverrideResult {
  if (overrides.length === 0) return { ok: true, text };
  const document = parseDocument(text);
  if (document.errors.length > 0) return { ok: false, message: 'the scenario is not valid YAML, so --set cannot change it' };
  for (const override of overrides) {
    const keys = override.path.split('.').map((key) => (/^\d+$/.test(key) ? Number(key) : key));
    for (let depth = 1; depth < keys.length; depth += 1) {
      const parent = document.getIn(keys.slice(0, depth), true);
      const key = keys[depth]!;
      if (typeof key === 'number' && !isSeq(parent)) {
        return { ok: false, message: `--set ${override.path}: ${keys.slice(0, depth).join('.')} is not a list` };
      }
      if (typeof key === 'string' && parent !== undefined && !isMap(parent)) {
        return { ok: false, message: `--set ${override.path}: ${keys.slice(0, depth).join('.')} is not a mapping` };
      }
    }
    const parsedValue = parseDocument(override.value).toJS() as unknown;
    document.setIn(keys, document.createNode(parsedValue ?? override.value));
  }
  return { ok: true, text: document.toString() };
}

export { stringify as stringifyYaml };
