import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { renderHtml, scriptSafeJson } from '../../../reports/render/html.ts';

test('chart data cannot close its <script> block', () => {
  const s = scriptSafeJson({ note: '</script><script>alert(1)</script>' });
  assert.not.ok(s.includes('</script'));
  assert.equal(JSON.parse(s), { note: '</script><script>alert(1)</script>' });
});

test('headings and captions are escaped; charts become figures; notes and tables pass through', () => {
  const html = renderHtml('A <b> & c', 'intro', [
    { id: 's1', heading: 'x < y', items: [
      { kind: 'chart', chart: { id: 'c1', title: 'T', caption: 'cap & more', svg: '<svg xmlns="http://www.w3.org/2000/svg"></svg>', data: [1] } },
      { kind: 'note', text: 'n <i>' },
      { kind: 'table', html: '<table></table>' },
    ] },
  ]);
  assert.ok(html.includes('<title>A &lt;b&gt; &amp; c</title>'));
  assert.ok(html.includes('<h2>x &lt; y</h2>'));
  assert.ok(html.includes('<figure id="c1" data-chart="c1">'));
  assert.ok(html.includes('cap &amp; more'));
  assert.ok(html.includes('n &lt;i&gt;'));
  assert.ok(html.includes('<table></table>'));
  assert.ok(html.includes('{"c1":[1]}'));
});

test.run();
