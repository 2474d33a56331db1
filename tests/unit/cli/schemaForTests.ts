export { schema } from '../../../main/scenario/schema.ts';
export type { Engine } from '../../../main/engines/engine.ts';
