import { describe, expect, it } from 'vitest';
import { escapeHtml } from '../../../main/report/htmlEscape.ts';

describe('escapeHtml', () => {
  it('escapes every character that could open markup or close an attribute', () => {
    expect(escapeHtml(`<script>alert("x" & 'y')</script>`)).toBe('&lt;script&gt;alert(&quot;x&quot; &amp; &#39;y&#39;)&lt;/script&gt;');
  });

  it('leaves other text alone', () => {
    expect(escapeHtml('Vazão média: 1.234,5 req/s ✓')).toBe('Vazão média: 1.234,5 req/s ✓');
  });
});
