// The line breaker over everything the guided UI shows, at every width from 40 to 120 columns:
// every lesson page and step page (as the screens render them, commands included), every text in
// lesson.yaml, and every entry of the UI's message catalogue (src/ui/messages.ts, with each
// message's example values) and of the fix impacts. Each line must fit the width, must not end
// with an opening bracket or start with closing punctuation or a small kana, and an inline code
// span that fits the line is never broken.
//
// Not covered here: texts made at run time by the checks, steps and troubleshooter (their messages
// and evidence carry values only a run knows); the tmux test (test/e2e/tmux-lesson.test.ts) checks
// those on the screens of a whole lesson.
import { describe, expect, it } from '@jest/globals';
import { loadDefaultLesson, type Lesson } from '../../src/lesson/index.js';
import type { Text } from '../../src/i18n/text.js';
import type { Lang } from '../../src/config/language.js';
import { renderMarkdown, parseInline } from '../../src/ui/text/markdown.js';
import { lineText, wrapSegments, type Line } from '../../src/ui/text/wrap.js';
import { textWidth } from '../../src/ui/text/width.js';
import { NO_LINE_END, NO_LINE_START } from '../../src/ui/text/kinsoku.js';
import { lessonLines } from '../../src/ui/view/lesson-lines.js';
import { helpLines } from '../../src/ui/view/help-lines.js';
import { openingLines } from '../../src/ui/view/opening-lines.js';
import { FIX_IMPACT } from '../../src/troubleshoot/format.js';
import * as catalogue from '../../src/ui/messages.js';

const WIDTHS = Array.from({ length: 81 }, (_, i) => 40 + i);
const LANGS: Lang[] = ['ja', 'en'];

const isText = (value: unknown): value is Text =>
  typeof value === 'object' && value !== null && typeof (value as Text).en === 'string' && typeof (value as Text).ja === 'string' && Object.keys(value).length === 2;

/** Every Text in a value, with where it was found; functions with an `example` are called with it. */
function collectTexts(value: unknown, path: string, out: { path: string; text: Text }[] = [], seen = new Set<unknown>()): { path: string; text: Text }[] {
  if (value === null || (typeof value !== 'object' && typeof value !== 'function') || seen.has(value)) return out;
  seen.add(value);
  if (typeof value === 'function') {
    const example = (value as { example?: unknown[] }).example;
    if (Array.isArray(example)) out.push({ path, text: (value as (...args: unknown[]) => Text)(...example) });
    return out;
  }
  if (isText(value)) {
    out.push({ path, text: value });
    return out;
  }
  for (const [key, child] of Object.entries(value)) collectTexts(child, `${path}.${key}`, out, seen);
  return out;
}

/** What is wrong with one wrapped line at `width`, if anything. */
function lineProblem(text: string, width: number): string | undefined {
  if (textWidth(text) > width) return `wider than ${width} (${textWidth(text)})`;
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  const last = [...trimmed].pop() ?? '';
  const first = [...trimmed][0];
  if (NO_LINE_END.has(last)) return `ends with an opening bracket "${last}"`;
  // A key label ("? help") and an ellipsis that counts what is left ("… 3 more") are not wrapped text.
  if (NO_LINE_START.has(first) && !/^(\?\s|…)/.test(trimmed)) return `starts with "${first}"`;
  return undefined;
}

/** Inline code spans of a markdown source (what `…` marks), which must stay on one line when they fit. */
const codeSpans = (markdown: string) => [...markdown.matchAll(/`([^`\n]+)`/g)].map((m) => m[1]);

function check(where: string, lines: Line[], width: number, spans: string[] = []): string[] {
  const problems: string[] = [];
  const texts = lines.map(lineText);
  texts.forEach((text, i) => {
    // A command is broken only between shell words (a path such as ../function.zip may start a line).
    const isCommand = lines[i].length > 0 && lines[i].every((segment) => segment.style === 'command');
    const problem = isCommand ? (textWidth(text) > width ? `wider than ${width} (${textWidth(text)})` : undefined) : lineProblem(text, width);
    if (problem) problems.push(`${where} @${width}, line ${i + 1}: ${problem}: ${JSON.stringify(text)}`);
  });
  // A code span that fits the line (and its indent) appears whole on one line.
  for (const span of spans) {
    // Room for the indent and the brackets or punctuation that go with the span ("(`…`)。").
    if (textWidth(span) + 6 > width) continue;
    if (!lines.some((line) => line.some((segment) => segment.style === 'code' && segment.text.includes(span)))) {
      problems.push(`${where} @${width}: code span broken: ${JSON.stringify(span)}`);
    }
  }
  return problems;
}

let lesson: Lesson;

describe('line breaking at 40–120 columns', () => {
  it('every lesson page and step page, as the screens render them', async () => {
    lesson = await loadDefaultLesson();
    const problems: string[] = [];
    for (const lang of LANGS) {
      const pages: [string, string][] = [
        [`pages.opening.${lang}`, lesson.pages.opening[lang]],
        [`pages.closing.${lang}`, lesson.pages.closing[lang]],
        ...lesson.steps.map((s): [string, string] => [`steps.${s.id}.${lang}`, s.body[lang]]),
      ];
      for (const width of WIDTHS) {
        for (const [where, markdown] of pages) problems.push(...check(where, renderMarkdown(markdown, width), width, codeSpans(markdown)));
        for (const step of lesson.steps) {
          // 'unknown' shows every command (with its Docker or built-in note): a superset of the other two.
          problems.push(...check(`lessonLines ${step.id} ${lang}`, lessonLines(lesson, step, lang, 'unknown', width), width));
        }
        problems.push(...check(`opening page with the checklist pending, ${lang}`, openingLines(lesson, undefined, lang, width, 1), width));
      }
    }
    expect(problems).toEqual([]);
  }, 120_000);

  it('every text of lesson.yaml (titles, summaries, commands’ notes, checks, problems, causes, preparation)', async () => {
    lesson ??= await loadDefaultLesson();
    const { pages: _pages, steps, ...rest } = lesson;
    const texts = [...collectTexts(rest, 'lesson'), ...steps.flatMap((s) => collectTexts({ title: s.title, summary: s.summary, commands: s.commands }, `steps.${s.id}`))];
    expect(texts.length).toBeGreaterThan(80);
    const problems: string[] = [];
    for (const { path, text } of texts) {
      for (const lang of LANGS) {
        for (const width of WIDTHS) problems.push(...check(`${path}.${lang}`, wrapSegments(parseInline(text[lang]), width), width, codeSpans(text[lang])));
      }
    }
    expect(problems).toEqual([]);
  }, 120_000);

  it('every entry of the UI message catalogue and the fix impacts, and the help screen', () => {
    const texts = [...collectTexts(catalogue, 'messages'), ...collectTexts(FIX_IMPACT, 'FIX_IMPACT')];
    // Every exported entry is reached: the key texts, screens, notices, panel, closing and opening texts.
    for (const group of ['KEYS_TEXT', 'SCREEN', 'NOTICES', 'CHECKS_TEXT', 'PANEL', 'CONFIRM', 'CLOSING', 'OPENING', 'DETAIL']) {
      expect({ group, found: texts.some((t) => t.path.startsWith(`messages.${group}`)) }).toEqual({ group, found: true });
    }
    const problems: string[] = [];
    for (const { path, text } of texts) {
      for (const lang of LANGS) {
        expect({ path, lang, empty: text[lang].trim() === '' }).toEqual({ path, lang, empty: false });
        for (const width of WIDTHS) problems.push(...check(`${path}.${lang}`, wrapSegments(parseInline(text[lang]), width), width));
      }
    }
    for (const lang of LANGS) for (const width of WIDTHS) problems.push(...check(`help ${lang}`, helpLines(lang, width), width));
    expect(problems).toEqual([]);
  });

  it('the checks themselves catch what they are for (a broken wrap is reported)', () => {
    // An opening bracket left at the end, closing punctuation at the start, a line too wide, a split code span.
    const bad: Line[] = [[{ text: '接続先 (', style: 'plain' }], [{ text: '、AWS_ENDPOINT_URL)', style: 'plain' }], [{ text: 'x'.repeat(41), style: 'plain' }], [{ text: 's3', style: 'code' }], [{ text: 'ls', style: 'code' }]];
    const problems = check('sample', bad, 40, ['s3 ls']);
    expect(problems).toEqual([
      expect.stringContaining('ends with an opening bracket'),
      expect.stringContaining('starts with "、"'),
      expect.stringContaining('wider than 40'),
      expect.stringContaining('code span broken: "s3 ls"'),
    ]);
  });
});
