import { architecturesEngine } from './architectures/architecturesEngine.ts';
import type { Engine } from './engine.ts';

/** Every lab kind proclab knows. Adding one is adding its engine here and a lab folder. */
const engines: readonly Engine[] = [architecturesEngine];

export function findEngine(name: string): Engine | undefined {
  return engines.find((engine) => engine.name === name);
}

export function engineNames(): string[] {
  return engines.map((engine) => engine.name);
}
