// localStorage can throw (disabled storage, quota, private windows); losing a preference is
// better than breaking the page, so every access is guarded.

export function readStored(key: string): string | null {
  try {
    return window.localStorage.getItem(key);
  } catch {
    return null;
  }
}

export function writeStored(key: string, value: string): void {
  try {
    window.localStorage.setItem(key, value);
  } catch {
    // Keep going without persistence.
  }
}

export function removeStored(key: string): void {
  try {
    window.localStorage.removeItem(key);
  } catch {
    // Keep going without persistence.
  }
}

export function scenarioStorageKey(labId: string): string {
  return `proclab.scenario.${labId}`;
}
