import { describe, expect, it } from 'vitest';
import { createFaultTraceBuffers, faultHopBreakdown, FaultTraceWriter } from '../../../main/engines/vmMigration/faultHops.ts';

describe('the hop-by-hop breakdown of post-copy faults', () => {
  it('joins the guest and page server stamps by page and shows which hop makes the slow faults slow', () => {
    const buffers = createFaultTraceBuffers(200);
    const guest = FaultTraceWriter.guest(buffers);
    const server = FaultTraceWriter.server(buffers);
    for (let page = 0; page < 100; page += 1) {
      // 100 faults of 40 µs: 10 to the server, 5 there, 20 back, 2 reading, 3 installing; the two
      // slowest wait 500 µs more for the page server to run.
      const late = page >= 98 ? 0.5 : 0;
      const start = page * 10;
      const arrived = start + 0.01 + late;
      server.record(page, arrived, arrived + 0.005);
      guest.record(page, start, start + 0.004, arrived + 0.025, arrived + 0.027, arrived + 0.03);
    }
    // A request the server answered "in flight" has no page answer to join with.
    server.record(500, 1, 2);
    const breakdown = faultHopBreakdown(buffers);
    expect(breakdown.faults).toBe(100);
    expect(breakdown.p50Us).toBe(40);
    expect(breakdown.p99Us).toBe(540);
    expect(breakdown.medianBand).toEqual({ toPageServer: 10, pageServer: 5, answerBack: 20, answerRead: 2, install: 3 });
    expect(breakdown.p99Band.toPageServer).toBe(510);
    expect(breakdown.p99Band.answerBack).toBe(20);
  });

  it('drops records beyond its capacity rather than writing past its buffer', () => {
    const buffers = createFaultTraceBuffers(2);
    const server = FaultTraceWriter.server(buffers);
    for (let page = 0; page < 5; page += 1) server.record(page, 0, 1);
    expect(new Float64Array(buffers.server)[0]).toBe(2);
    expect(faultHopBreakdown(createFaultTraceBuffers(0)).faults).toBe(0);
  });
});
