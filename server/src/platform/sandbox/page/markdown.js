// Markdown-lite (the subset cards/src/render/stripMarkdown.ts documents) to DOM nodes.
// Safe by construction: text only ever goes into text nodes, never innerHTML, and links must be
// http(s) or site-relative, so a notice cannot inject markup or script.

const INLINE = /\*\*([^*]+)\*\*|`([^`]+)`|\[([^\]]*)\]\(([^)\s]+)\)|\*([^*\n]+)\*/g;

/** Whether a link target is harmless to open (no javascript:, data: …). */
export function safeUrl(url) {
  return /^https?:\/\//i.test(url) || (url.startsWith('/') && !url.startsWith('//'));
}

/** A link that opens in a new tab, or plain text when the target is not safe. */
export function linkNode(label, url) {
  if (!safeUrl(url)) return document.createTextNode(label);
  const a = document.createElement('a');
  a.href = url;
  a.target = '_blank';
  a.rel = 'noopener noreferrer';
  a.textContent = label;
  return a;
}

function appendInline(parent, text) {
  let last = 0;
  for (const m of text.matchAll(INLINE)) {
    if (m.index > last) parent.append(text.slice(last, m.index));
    const [, bold, code, label, url, em] = m;
    if (bold !== undefined) parent.append(wrap('strong', bold));
    else if (code !== undefined) parent.append(wrap('code', code));
    else if (url !== undefined) parent.append(linkNode(label, url));
    else parent.append(wrap('em', em));
    last = m.index + m[0].length;
  }
  if (last < text.length) parent.append(text.slice(last));
}

function wrap(tag, text) {
  const el = document.createElement(tag);
  el.textContent = text;
  return el;
}

/** Appends a line to a paragraph, keeping the author's line breaks. */
function appendLine(p, line) {
  if (p.childNodes.length > 0) p.append(document.createElement('br'));
  appendInline(p, line);
}

/** Renders markdown-lite into a fragment: paragraphs, line breaks, lists, quotes, headings, inline marks. */
export function renderMarkdown(source) {
  const frag = document.createDocumentFragment();
  let block = null; // the open <p>, <ul>, <ol> or <blockquote>
  const open = (tag) => {
    if (!block || block.tagName.toLowerCase() !== tag) {
      block = document.createElement(tag);
      frag.append(block);
    }
    return block;
  };
  for (const raw of String(source).replace(/\r\n?/g, '\n').split('\n')) {
    const line = raw.trimEnd();
    let m;
    if (!line.trim()) {
      block = null;
    } else if ((m = /^\s{0,3}(#{1,6})\s+(.*)$/.exec(line))) {
      const h = document.createElement('h4');
      appendInline(h, m[2]);
      frag.append(h);
      block = null;
    } else if ((m = /^\s*[-*+]\s+(.*)$/.exec(line))) {
      const li = document.createElement('li');
      appendInline(li, m[1]);
      open('ul').append(li);
    } else if ((m = /^\s*\d+[.)]\s+(.*)$/.exec(line))) {
      const li = document.createElement('li');
      appendInline(li, m[1]);
      open('ol').append(li);
    } else if ((m = /^\s{0,3}>\s?(.*)$/.exec(line))) {
      appendLine(open('blockquote'), m[1]);
    } else {
      appendLine(open('p'), line.trim());
    }
  }
  return frag;
}
