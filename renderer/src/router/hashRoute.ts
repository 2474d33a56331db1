import { ref } from 'vue';

// A hash router is enough: six screens, and hashes work the same over app:// and http://.

export type Route =
  | { name: 'labs' }
  | { name: 'lab'; labId: string }
  /** With a lab: History shows only that lab's runs (the lab page sends students there to hand in). */
  | { name: 'runs'; labId?: string }
  | { name: 'run'; runId: string }
  | { name: 'settings' }
  | { name: 'compare'; runIds: string[] };

export function parseHash(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('/').filter(Boolean).map(safeDecode);
  if (parts[0] === 'labs' && parts[1] !== undefined) return { name: 'lab', labId: parts[1] };
  if (parts[0] === 'runs' && parts[1] !== undefined) return { name: 'run', runId: parts[1] };
  if (parts[0] === 'runs') return { name: 'runs' };
  if (parts[0] === 'history' && parts[1] !== undefined) return { name: 'runs', labId: parts[1] };
  if (parts[0] === 'settings') return { name: 'settings' };
  if (parts[0] === 'compare' && parts[1] !== undefined) return { name: 'compare', runIds: parts[1].split(',').filter(Boolean) };
  return { name: 'labs' };
}

function safeDecode(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}

export function routeHref(route: Route): string {
  switch (route.name) {
    case 'labs':
      return '#/labs';
    case 'lab':
      return `#/labs/${encodeURIComponent(route.labId)}`;
    case 'runs':
      return route.labId === undefined ? '#/runs' : `#/history/${encodeURIComponent(route.labId)}`;
    case 'run':
      return `#/runs/${encodeURIComponent(route.runId)}`;
    case 'settings':
      return '#/settings';
    case 'compare':
      return `#/compare/${route.runIds.map(encodeURIComponent).join(',')}`;
  }
}

export const currentRoute = ref<Route>(parseHash(window.location.hash));

window.addEventListener('hashchange', () => {
  currentRoute.value = parseHash(window.location.hash);
});

export function navigate(route: Route): void {
  window.location.hash = routeHref(route);
}
