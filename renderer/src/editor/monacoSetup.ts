// Monaco is large, so the editor loads this module on demand (its own chunk). Everything here runs
// under the app's CSP: the workers are bundled files (Vite `?worker`), nothing comes from a CDN.
import EditorWorker from 'monaco-editor/esm/vs/editor/editor.worker?worker';
import YamlWorker from 'monaco-yaml/yaml.worker?worker';
import * as monaco from 'monaco-editor/esm/vs/editor/edcore.main.js';
// The YAML tokenizer for syntax colours; monaco-yaml adds the language service on top.
import 'monaco-editor/esm/vs/basic-languages/yaml/yaml.contribution.js';
import { configureMonacoYaml, type JSONSchema, type MonacoYaml } from 'monaco-yaml';
import type { Language } from '../../../preload/api.ts';

self.MonacoEnvironment = {
  getWorker(_workerId: string, label: string): Worker {
    return label === 'yaml' ? new YamlWorker() : new EditorWorker();
  },
};

let monacoYaml: MonacoYaml | null = null;

/**
 * Points the YAML language service at one lab's scenario schema, in the window's language (its
 * descriptions are what hover and completion show). Only one scenario editor is on screen at a
 * time, so a single schema matching every model is enough.
 */
export function useScenarioSchema(labId: string, language: Language, schema: Record<string, unknown> | null): void {
  // A plain JSON copy: the schema may be a Vue proxy, which cannot be posted to the YAML worker.
  const plainSchema = schema === null ? null : (JSON.parse(JSON.stringify(schema)) as JSONSchema);
  const schemas =
    plainSchema === null ? [] : [{ uri: `proclab://schemas/${encodeURIComponent(labId)}.${language}.json`, fileMatch: ['*'], schema: plainSchema }];
  if (monacoYaml === null) {
    monacoYaml = configureMonacoYaml(monaco, {
      enableSchemaRequest: false,
      hover: true,
      completion: true,
      validate: true,
      schemas,
    });
  } else {
    void monacoYaml.update({ schemas });
  }
}

export { monaco };
