/** A server's cache of data-tier objects: least recently used out first, at most `capacity`. */
export class ObjectCache {
  private readonly entries = new Map<string, string>();
  private capacity: number;

  constructor(capacity: number) {
    this.capacity = capacity;
  }

  get(key: string): string | undefined {
    const value = this.entries.get(key);
    if (value === undefined) return undefined;
    this.entries.delete(key);
    this.entries.set(key, value);
    return value;
  }

  set(key: string, value: string): void {
    if (this.capacity <= 0) return;
    this.entries.delete(key);
    this.entries.set(key, value);
    while (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
  }

  resize(capacity: number): void {
    this.capacity = capacity;
    this.clear();
  }

  clear(): void {
    this.entries.clear();
  }
}

/** `/objects/7`, `/static/7`, `/api/7?x` all name object 7 (modulo the objects the data tier holds). */
export function objectKeyOf(target: string, objects: number): string {
  const match = /\/(\d+)(?:[?#].*)?$/.exec(target);
  const number = match === null ? 0 : Number(match[1]);
  return `object-${objects > 0 ? number % objects : 0}`;
}
