import { describe, expect, it } from 'vitest';
import { escapeSvgText, fitText, formatCoordinate } from '../../../common/charts/svgText.ts';
import { valueAtPath } from '../../../common/charts/valueAtPath.ts';

describe('svg text helpers', () => {
  it('escapes every markup character', () => {
    expect(escapeSvgText(`<script>alert("x") & 'y'</script>`)).toBe(
      '&lt;script&gt;alert(&quot;x&quot;) &amp; &#39;y&#39;&lt;/script&gt;',
    );
  });

  it('rounds coordinates to two decimals and never prints -0', () => {
    expect(formatCoordinate(12.3456)).toBe('12.35');
    expect(formatCoordinate(-0.001)).toBe('0');
  });

  it('cuts long labels with an ellipsis', () => {
    expect(fitText('short', 100, 12)).toBe('short');
    const cut = fitText('thread-per-connection-with-a-long-name', 60, 12);
    expect(cut.endsWith('…')).toBe(true);
    expect(cut.length).toBeLessThan(10);
  });

  it('reads dotted paths and nothing inherited', () => {
    expect(valueAtPath({ latencyMs: { p99: 7 } }, 'latencyMs.p99')).toBe(7);
    expect(valueAtPath({ latencyMs: null }, 'latencyMs.p99')).toBeUndefined();
    expect(valueAtPath({}, 'constructor')).toBeUndefined();
  });
});
