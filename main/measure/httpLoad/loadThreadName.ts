/**
 * The load generator's thread name (Linux shows it, cut to 15 characters, in
 * /proc/<pid>/task/<tid>/comm), so a lab's CPU accounting can tell its time from a server's.
 */
export const loadGeneratorThreadName = 'proclab-load';
