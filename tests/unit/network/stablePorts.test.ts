import { describe, expect, it } from 'vitest';
import { ephemeralPortRange, isAddressInUse, portBelowEphemeralRange } from '../../../main/network/stablePorts.ts';

describe('ports for servers that are restarted on the same port', () => {
  it('are below the ephemeral range outgoing connections take their local ports from', () => {
    const { low, high } = ephemeralPortRange();
    expect(high).toBeGreaterThanOrEqual(low);
    for (const draw of [0, 0.25, 0.5, 0.999999]) {
      const port = portBelowEphemeralRange(() => draw);
      expect(port).toBeGreaterThanOrEqual(10_000);
      expect(port).toBeLessThan(Math.max(low, 11_001));
    }
  });

  it('recognise a port someone else holds', () => {
    expect(isAddressInUse('listen EADDRINUSE: address already in use 127.0.0.1:46155')).toBe(true);
    expect(isAddressInUse('listen EACCES: permission denied')).toBe(false);
  });
});
