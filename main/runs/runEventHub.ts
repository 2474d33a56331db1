import type { RunEvent } from '../../preload/api.ts';

type Listener = (event: RunEvent) => void;

/** Fans a run's events out to whoever watches it; a failing listener never stops the run. */
export class RunEventHub {
  readonly #listeners = new Map<string, Set<Listener>>();

  watch(runId: string, listener: Listener): () => void {
    let set = this.#listeners.get(runId);
    if (set === undefined) {
      set = new Set();
      this.#listeners.set(runId, set);
    }
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0 && this.#listeners.get(runId) === set) this.#listeners.delete(runId);
    };
  }

  emit(event: RunEvent): void {
    for (const listener of [...(this.#listeners.get(event.runId) ?? [])]) {
      try {
        listener(event);
      } catch (error) {
        console.error(`proclab: a run event listener failed: ${String(error)}`);
      }
    }
  }
}
