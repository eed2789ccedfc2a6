// A small Markdown renderer for the terminal, enough for the lesson's pages: headings, paragraphs,
// lists, block quotes, inline `code` and **bold**, fenced code blocks. Output is lines of styled
// segments already wrapped to the width, so a viewport can scroll them line by line.
import { charWidth } from './width.js';
import { wrapSegments, type Line, type Segment } from './wrap.js';

/** Inline markup → segments. */
export function parseInline(text: string, base: Segment['style'] = 'plain'): Segment[] {
  const segments: Segment[] = [];
  for (const match of text.matchAll(/`([^`]+)`|\*\*([^*]+)\*\*|([^`*]+|\*)/g)) {
    if (match[1] !== undefined) segments.push({ text: match[1], style: 'code' });
    else if (match[2] !== undefined) segments.push({ text: match[2], style: 'bold' });
    else segments.push({ text: match[3], style: base });
  }
  return segments;
}

const isWide = (char: string | undefined) => char !== undefined && charWidth(char) === 2;

/** Joins the source lines of one paragraph: a space between Latin words, none between Japanese ones. */
function joinLines(lines: string[]): string {
  return lines.reduce((out, line) => {
    if (!out) return line;
    const last = [...out].pop();
    const next = [...line][0];
    return isWide(last) || isWide(next) ? out + line : `${out} ${line}`;
  }, '');
}

/** @param dropTitle leave out a leading `# ` heading (the screen shows the title already). */
export function renderMarkdown(markdown: string, width: number, dropTitle = false): Line[] {
  const out: Line[] = [];
  const blank = () => {
    if (out.length > 0 && out[out.length - 1].length > 0) out.push([]);
  };
  const source = markdown.replace(/\r\n/g, '\n').split('\n');
  if (dropTitle) {
    const first = source.findIndex((l) => l.trim() !== '');
    if (first >= 0 && /^#\s/.test(source[first])) source.splice(0, first + 1);
  }
  let paragraph: string[] = [];
  const flush = () => {
    if (paragraph.length === 0) return;
    out.push(...wrapSegments(parseInline(joinLines(paragraph)), width));
    paragraph = [];
  };
  for (let i = 0; i < source.length; i++) {
    const raw = source[i];
    const line = raw.trimEnd();
    if (/^```/.test(line)) {
      flush();
      blank();
      for (i++; i < source.length && !/^```/.test(source[i]); i++) {
        out.push(...wrapSegments([{ text: source[i].trimEnd() || ' ', style: 'code' }], width, [{ text: '  ', style: 'plain' }], '  '));
      }
      blank();
      continue;
    }
    const heading = /^(#{1,6})\s+(.*)$/.exec(line);
    if (heading) {
      flush();
      blank();
      out.push(...wrapSegments(parseInline(heading[2], 'heading').map((s) => ({ ...s, style: s.style === 'plain' ? 'heading' : s.style })), width));
      continue;
    }
    const item = /^(\s*)([-*]|\d+\.)\s+(.*)$/.exec(line);
    if (item) {
      flush();
      // Continuation lines of the item (indented, not a new item) belong to it.
      const parts = [item[3]];
      while (i + 1 < source.length && /^\s{2,}\S/.test(source[i + 1]) && !/^\s*([-*]|\d+\.)\s/.test(source[i + 1])) parts.push(source[++i].trim());
      const depth = Math.floor(item[1].length / 2);
      const marker = /\d/.test(item[2]) ? `${item[2]} ` : '• ';
      const lead = `${'  '.repeat(depth)}${marker}`;
      out.push(...wrapSegments(parseInline(joinLines(parts)), width, [{ text: lead, style: 'plain' }], ' '.repeat(lead.length)));
      continue;
    }
    const quote = /^>\s?(.*)$/.exec(line);
    if (quote) {
      flush();
      const parts = [quote[1]];
      while (i + 1 < source.length && /^>/.test(source[i + 1])) parts.push(source[++i].replace(/^>\s?/, '').trimEnd());
      out.push(...wrapSegments(parseInline(joinLines(parts), 'quote'), width, [{ text: '│ ', style: 'quote' }], '│ ').map(fixQuoteIndent));
      continue;
    }
    if (line.trim() === '') {
      flush();
      blank();
      continue;
    }
    paragraph.push(line.trim());
  }
  flush();
  while (out.length > 0 && out[out.length - 1].length === 0) out.pop();
  return out;
}

/** Continuation lines of a quote start with a plain "│ " indent: draw it like the first. */
function fixQuoteIndent(line: Line): Line {
  if (line[0]?.text.startsWith('│ ') && line[0].style === 'plain') {
    return [{ text: '│ ', style: 'quote' }, ...(line[0].text.length > 2 ? [{ ...line[0], text: line[0].text.slice(2) }] : []), ...line.slice(1)];
  }
  return line;
}
