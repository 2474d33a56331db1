// Unit symbols every language writes alike. A chart unit that is not one of them is a word, and a
// word must be declared in both UI languages.
export const chartUnitSymbols: ReadonlySet<string> = new Set(['ns', 'µs', 'ms', 's', 'B', 'KiB', 'MiB', 'GiB', '%', '×', 'req/s', 'ops/s']);
