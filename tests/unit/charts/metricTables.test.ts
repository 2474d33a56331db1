import { describe, expect, it } from 'vitest';
import { metricTables } from '../../../common/metrics/metricTables.ts';

describe('metric tables', () => {
  it('turns lists of records into tables with dotted columns and gathers loose values', () => {
    const tables = metricTables({
      totalTimeMs: 812.5,
      integrity: 'ok',
      faultLatencyUs: { p50: 30, p99: 80 },
      strategies: [
        { name: 'pre-copy', rounds: 4, downtime: { ms: 12 } },
        { name: 'post-copy', downtime: { ms: 1 }, lost: false },
      ],
    });
    expect(tables).toEqual([
      { title: 'values', columns: ['metric', 'value'], rows: [['totalTimeMs', 812.5], ['integrity', 'ok'], ['faultLatencyUs.p50', 30], ['faultLatencyUs.p99', 80]] },
      {
        title: 'strategies',
        columns: ['name', 'rounds', 'downtime.ms', 'lost'],
        rows: [
          ['pre-copy', 4, 12, null],
          ['post-copy', null, 1, false],
        ],
      },
    ]);
  });

  it('gives nothing for no metrics', () => {
    expect(metricTables(null)).toEqual([]);
    expect(metricTables({})).toEqual([]);
  });
});
