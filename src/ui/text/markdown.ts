// A small Markdown renderer for the terminal, enough for the lesson's pages: headings, paragraphs,
// lists, block quotes, tables, inline `code`, **bold** and [links](url), fenced code blocks, and
// `<!-- name -->` markers where the screen puts live content (the preparation checklist). Output is
// lines of styled segments already wrapped to the width, so a viewport can scroll them line by line.
import { charWidth, padToWidth, textWidth } from './width.js';
import { wrapSegments, type Line, type Segment, type SegmentStyle } from './wrap.js';

/**
 * Inline markup → segments. A link shows its text and then its address in brackets, so it can be
 * read (and copied) on any terminal; both carry the address for terminals that open links.
 */
export function parseInline(text: string, base: SegmentStyle = 'plain'): Segment[] {
  const segments: Segment[] = [];
  for (const match of text.matchAll(/`([^`]+)`|\*\*([^*]+)\*\*|\[([^\]]+)\]\(([^)\s]+)\)|([^`*[]+|[*[])/g)) {
    if (match[1] !== undefined) segments.push({ text: match[1], style: 'code' });
    else if (match[2] !== undefined) segments.push({ text: match[2], style: 'bold' });
    else if (match[3] !== undefined) {
      const href = match[4];
      segments.push({ text: match[3], style: 'link', href }, { text: ' (', style: base }, { text: href, style: 'url', href }, { text: ')', style: base });
    } else segments.push({ text: match[5], style: base });
  }
  return segments;
}

const LIST_ITEM = /^\s*([-*]|\d+\.)\s/;

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

export interface MarkdownOptions {
  /** Leave out a leading `# ` heading (the screen shows the title already). Default false. */
  dropTitle?: boolean;
  /**
   * Live content for `<!-- name -->` markers: the marker and the list right after it (the page's
   * static stand-in) are replaced by these lines. A marker without an entry keeps the static list.
   */
  blocks?: Record<string, (width: number) => Line[]>;
}

/** The first `# ` heading of a page (its title), without markup. */
export function pageTitle(markdown: string): string | undefined {
  const heading = /^#\s+(.*)$/m.exec(markdown);
  return heading ? heading[1].replace(/[`*]/g, '').trim() : undefined;
}

export function renderMarkdown(markdown: string, width: number, options: MarkdownOptions = {}): Line[] {
  const out: Line[] = [];
  const blank = () => {
    if (out.length > 0 && out[out.length - 1].length > 0) out.push([]);
  };
  const source = markdown.replace(/\r\n/g, '\n').split('\n');
  if (options.dropTitle) {
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
    const line = source[i].trimEnd();
    const marker = /^<!--\s*([\w-]+)\s*-->$/.exec(line.trim());
    if (marker || /^<!--.*-->$/.test(line.trim())) {
      flush();
      const block = marker ? options.blocks?.[marker[1]] : undefined;
      if (block) {
        // The static list that stands in for the live block is skipped.
        let next = i + 1;
        while (next < source.length && source[next].trim() === '') next++;
        if (LIST_ITEM.test(source[next] ?? '')) {
          while (next < source.length && (LIST_ITEM.test(source[next]) || /^\s{2,}\S/.test(source[next]))) next++;
          i = next - 1;
        }
        blank();
        out.push(...block(width));
      }
      continue;
    }
    if (/^```/.test(line)) {
      flush();
      blank();
      for (i++; i < source.length && !/^```/.test(source[i]); i++) {
        out.push(...wrapSegments([{ text: source[i].trimEnd() || ' ', style: 'block' }], width, [{ text: '  ', style: 'plain' }], '  '));
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
    if (/^\s*\|.*\|\s*$/.test(line)) {
      flush();
      const rows: string[] = [];
      for (; i < source.length && /^\s*\|.*\|\s*$/.test(source[i]); i++) rows.push(source[i].trim());
      i--;
      blank();
      out.push(...renderTable(rows, width));
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

const cellsOf = (row: string) =>
  row
    .replace(/^\|/, '')
    .replace(/\|$/, '')
    .split('|')
    .map((c) => c.trim());

/**
 * A table as aligned columns when it fits the width; otherwise one block per row: the row's first
 * cell as a heading, then "column: value" lines, which read well at any width.
 */
function renderTable(rows: string[], width: number): Line[] {
  const [head, ...rest] = rows;
  const header = cellsOf(head);
  const body = rest.filter((r) => !/^\|?\s*:?-{2,}/.test(r)).map(cellsOf);
  const plain = (cell: string) => cell.replace(/`|\*\*/g, '');
  const columns = header.map((_, c) => Math.max(...[header, ...body].map((r) => textWidth(plain(r[c] ?? '')))));
  const total = columns.reduce((n, w) => n + w, 0) + 2 * (columns.length - 1);
  if (total <= width) {
    const rowLine = (cells: string[], style: SegmentStyle): Line => [{ text: cells.map((c, k) => padToWidth(plain(c), columns[k])).join('  ').trimEnd(), style }];
    return [rowLine(header, 'bold'), ...body.map((r) => rowLine(r, 'plain'))];
  }
  const out: Line[] = [];
  for (const row of body) {
    if (out.length > 0) out.push([]);
    out.push(...wrapSegments(parseInline(row[0] ?? '', 'bold').map((s) => ({ ...s, style: s.style === 'plain' ? 'bold' : s.style })), width));
    for (let c = 1; c < header.length; c++) {
      const label = `${header[c]}: `;
      out.push(...wrapSegments([{ text: label, style: 'dim' }, ...parseInline(row[c] ?? '')], width, [{ text: '  ', style: 'plain' }], '    '));
    }
  }
  return out;
}

/** Continuation lines of a quote start with a plain "│ " indent: draw it like the first. */
function fixQuoteIndent(line: Line): Line {
  if (line[0]?.text.startsWith('│ ') && line[0].style === 'plain') {
    return [{ text: '│ ', style: 'quote' }, ...(line[0].text.length > 2 ? [{ ...line[0], text: line[0].text.slice(2) }] : []), ...line.slice(1)];
  }
  return line;
}
