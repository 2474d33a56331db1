/**
 * Names given to the threads this lab starts (Linux shows them, cut to 15 characters, in
 * /proc/<pid>/task/<tid>/comm), so their CPU time can be told apart: the server's threads from
 * the load generator's and the runtime's own.
 */
export const serverThreadName = 'proclab-srv';
export { loadGeneratorThreadName } from '../../../measure/httpLoad/loadThreadName.ts';
