// The server architectures a scenario can name. Adding one: its name and description here, its
// server in servers/, and its factory in servers/serverArchitectures.ts.

export const architectureNames = ['iterative', 'thread-pool', 'event-driven'] as const;

export type ArchitectureName = (typeof architectureNames)[number];

export const architectureDescriptions: Record<ArchitectureName, string> = {
  iterative:
    'One client at a time on one thread: other connections wait in the accept queue until the current one closes. Work blocks the whole server.',
  'thread-pool':
    'One event-loop thread accepts and parses; a fixed pool of worker threads does the work, fed through a bounded queue. Blocking work ties up one worker, not the server.',
  'event-driven':
    'One thread, one event loop, non-blocking I/O: waiting (io) costs no thread, but computation (cpu) stalls every client.',
};
