import { describe, expect, it } from 'vitest';
import { escapeHtml, jsonForScript } from '../../../../src/postmortem/html/escape.js';
import { isSafeLink, renderMarkdown } from '../../../../src/postmortem/html/markdown.js';

describe('the post-mortem Markdown as HTML', () => {
  it('renders GitHub-flavoured Markdown: headings, emphasis, lists, tables, code', () => {
    const html = renderMarkdown('# Title\n\nSome **bold** and `code`.\n\n- one\n- two\n\n| a | b |\n| --- | --- |\n| 1 | 2 |\n\n```\nx < y\n```\n');
    expect(html).toContain('<h1>Title</h1>');
    expect(html).toContain('<strong>bold</strong>');
    expect(html).toContain('<code>code</code>');
    expect(html).toContain('<li>one</li>');
    expect(html).toContain('<td>1</td>');
    expect(html).toContain('<pre><code>x &lt; y\n</code></pre>');
  });

  it.each([
    ['a script block', '<script>alert(1)</script>', '&lt;script&gt;alert(1)&lt;/script&gt;'],
    ['an inline tag with a handler', 'Paged at <img src=x onerror="alert(1)"> 10:00', 'Paged at &lt;img src=x onerror=&quot;alert(1)&quot;&gt; 10:00'],
    ['an iframe', '<iframe src="https://example.org"></iframe>', '&lt;iframe src=&quot;https://example.org&quot;&gt;&lt;/iframe&gt;'],
    ['a style block', '<style>body{display:none}</style>', '&lt;style&gt;body{display:none}&lt;/style&gt;'],
    ['an HTML comment', '<!-- hidden -->', '&lt;!-- hidden --&gt;'],
  ])('shows raw HTML as text: %s', (_name, source, shown) => {
    const html = renderMarkdown(source);
    expect(html).toContain(shown);
    expect(html).not.toMatch(/<(script|img|iframe|style)\b/i);
    expect(html).not.toContain('<!--');
  });

  it.each([
    ['javascript:', '[click](javascript:alert(1))'],
    ['JAVASCRIPT: in capitals', '[click](JAVASCRIPT:alert(1))'],
    ['a tab inside the scheme', '[click](<java\tscript:alert(1)>)'],
    ['vbscript:', '[click](vbscript:msgbox(1))'],
    ['data:text/html', '[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)'],
    ['an autolink', '<javascript:alert(1)>'],
    ['a reference link', '[click][x]\n\n[x]: javascript:alert(1)'],
  ])('keeps the text of a link with an unsafe target: %s', (_name, source) => {
    const html = renderMarkdown(source);
    expect(html).not.toContain('<a');
    expect(html).not.toContain('href');
  });

  it('never lets an entity spell a scheme: the browser sees the href marked parsed, escaped', () => {
    // marked keeps "&#106;" as typed and the renderer escapes "&": the browser reads the literal
    // text "&#106;avascript:…", a relative URL with a fragment, not "javascript:".
    const html = renderMarkdown('[click](&#106;avascript:alert(1))');
    const hrefs = [...html.matchAll(/href="([^"]*)"/g)].map((match) => match[1]!.replace(/&amp;/g, '&'));
    expect(hrefs).toEqual(['&#106;avascript:alert(1)']);
  });

  it('keeps http(s), mailto, fragment and relative links, external ones without an opener', () => {
    const html = renderMarkdown('[runbook](https://example.org/run?a=1&b=2 "The runbook") [mail](mailto:sre@example.org) [top](#summary) [journal](./journal.jsonl)');
    expect(html).toContain('<a href="https://example.org/run?a=1&amp;b=2" title="The runbook" rel="noopener noreferrer">runbook</a>');
    expect(html).toContain('<a href="mailto:sre@example.org">mail</a>');
    expect(html).toContain('<a href="#summary">top</a>');
    expect(html).toContain('<a href="./journal.jsonl">journal</a>');
  });

  it('escapes what a link title or text could break out with', () => {
    const html = renderMarkdown('[a "quoted" <b>](https://example.org "x\\" onmouseover=\\"alert(1)")');
    expect(html).toContain('title="x&quot; onmouseover=&quot;alert(1)"');
    expect(html).toContain('>a &quot;quoted&quot; &lt;b&gt;</a>');
  });

  it('shows only data: images inline; any other image becomes a link (the page loads nothing)', () => {
    const pixel = 'data:image/png;base64,iVBORw0KGgo=';
    expect(renderMarkdown(`![a graph](${pixel})`)).toContain(`<img src="${pixel}" alt="a graph">`);
    expect(renderMarkdown('![the graph](https://example.org/graph.png)')).toContain('<a href="https://example.org/graph.png" class="image-link">the graph</a>');
    expect(renderMarkdown('![x](javascript:alert(1))')).not.toMatch(/<a|<img/);
    expect(renderMarkdown('![x" onerror="alert(1)](data:image/svg+xml;base64,PHN2Zz4=)')).not.toMatch(/<a|<img/);
  });

  it.each([
    ['https://example.org', true],
    ['HTTP://example.org', true],
    ['mailto:a@b.c', true],
    ['#frag', true],
    ['notes/a.md', true],
    ['../up', true],
    ['/abs', true],
    ['?q=1', true],
    ['a/b:c', true],
    ['javascript:alert(1)', false],
    [' javascript:alert(1)', false],
    ['\u0001javascript:x', false],
    ['jav\nascript:x', false],
    ['file:///etc/passwd', false],
    ['ftp://example.org', false],
    ['data:text/html,x', false],
  ])('judges the link target %j safe: %s', (href, safe) => {
    expect(isSafeLink(href)).toBe(safe);
  });
});

describe('escaping', () => {
  it('escapes the five characters that matter in HTML text and attributes', () => {
    expect(escapeHtml(`<a href="x" title='y'>&amp;</a>`)).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;');
  });

  it('writes JSON that cannot close its script element and reads back the same', () => {
    const value = { text: '</script><script>alert(1)</script><!-- & \u2028\u2029' };
    const json = jsonForScript(value);
    expect(json).not.toMatch(/[<>&\u2028\u2029]/);
    expect(JSON.parse(json)).toEqual(value);
  });
});
