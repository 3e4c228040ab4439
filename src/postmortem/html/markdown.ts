import { Marked, type Tokens } from 'marked';
import { escapeHtml } from './escape.js';

/**
 * The post-mortem's Markdown as HTML that cannot run anything. The Markdown quotes the journal,
 * and the journal quotes people and systems, so:
 * - raw HTML (block or inline) is shown as text, never passed through;
 * - links keep only http(s), mailto and relative targets (`javascript:`, `data:`, `vbscript:` …
 *   become plain text); external ones open without an opener;
 * - images load only from `data:image/…` URIs: the report is one file viewed offline, and the
 *   page's Content-Security-Policy would block any other source anyway, so others become links.
 * marked escapes text, code and attribute values itself.
 */
const markdown = new Marked({
  gfm: true,
  renderer: {
    html(token: Tokens.HTML | Tokens.Tag): string {
      const text = escapeHtml(token.text);
      return 'block' in token && token.block ? `<p class="raw-html">${text.trimEnd()}</p>\n` : text;
    },
    link(token: Tokens.Link): string {
      const text = this.parser.parseInline(token.tokens);
      if (!isSafeLink(token.href)) return text;
      const title = token.title ? ` title="${escapeHtml(token.title)}"` : '';
      const external = /^https?:/i.test(token.href) ? ' rel="noopener noreferrer"' : '';
      return `<a href="${escapeHtml(token.href)}"${title}${external}>${text}</a>`;
    },
    image(token: Tokens.Image): string {
      const alt = escapeHtml(token.text);
      const title = token.title ? ` title="${escapeHtml(token.title)}"` : '';
      if (isInlineImage(token.href)) return `<img src="${escapeHtml(token.href)}" alt="${alt}"${title}>`;
      if (isSafeLink(token.href)) return `<a href="${escapeHtml(token.href)}" class="image-link"${title}>${alt || 'image'}</a>`;
      return alt;
    },
  },
});

/** Render the post-mortem's Markdown (GitHub-flavoured) to inert HTML. */
export function renderMarkdown(source: string): string {
  return markdown.parse(source, { async: false });
}

/**
 * http(s), mailto, fragments and relative paths. Browsers ignore tabs, newlines and leading
 * control characters in a URL, so those are dropped before the scheme is read; anything with a
 * colon before its first `/`, `?` or `#` has a scheme, and only the listed ones pass.
 */
export function isSafeLink(href: string): boolean {
  // eslint-disable-next-line no-control-regex
  const url = href.replace(/[\u0000-\u0020\u007f]/g, '');
  if (/^(https?:\/\/|mailto:)/i.test(url)) return true;
  return !/^[^/?#]*:/.test(url);
}

function isInlineImage(href: string): boolean {
  return /^data:image\/(png|jpeg|gif|webp);base64,[a-z0-9+/=\s]+$/i.test(href);
}
