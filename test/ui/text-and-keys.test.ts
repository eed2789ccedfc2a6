// The UI's plain parts: display width, wrapping (Japanese included), the Markdown renderer, command
// lines that stay copyable, and the key-binding table's consistency.
import { describe, expect, it } from '@jest/globals';
import { padToWidth, textWidth, truncateToWidth } from '../../src/ui/text/width.js';
import { lineText, wrapSegments } from '../../src/ui/text/wrap.js';
import { renderMarkdown } from '../../src/ui/text/markdown.js';
import { commandLines } from '../../src/ui/view/command-lines.js';
import { KEY_BINDINGS, bindingFor, footerBindings } from '../../src/ui/keys.js';
import { initialState, uiReducer } from '../../src/ui/state/reducer.js';
import type { UiState } from '../../src/ui/state/types.js';
import { panelLines } from '../../src/ui/view/panel-lines.js';
import { loadDefaultLesson } from '../../src/lesson/index.js';
import { readdPermissionFix, reapplyNotificationFix } from '../../src/troubleshoot/fixes/trigger.js';

describe('display width and wrapping', () => {
  it('counts wide characters as two columns', () => {
    expect(textWidth('abc')).toBe(3);
    expect(textWidth('日本語')).toBe(6);
    expect(textWidth('ステップ 1')).toBe(10);
    expect(textWidth('ＡＢ')).toBe(4);
    expect(padToWidth('日本', 6)).toBe('日本  ');
    expect(truncateToWidth('日本語のテキスト', 7)).toBe('日本語…');
  });

  it('wraps English at spaces and Japanese between phrases, never past the width', () => {
    const en = wrapSegments([{ text: 'The product images live in an S3 bucket called product-images.', style: 'plain' }], 20).map(lineText);
    expect(en).toEqual(['The product images', 'live in an S3 bucket', 'called', 'product-images.']);
    const ja = wrapSegments([{ text: '商品画像を置く S3 バケット product-images を作ります。', style: 'plain' }], 16).map(lineText);
    for (const line of ja) expect(textWidth(line)).toBeLessThanOrEqual(16);
    expect(ja.length).toBeGreaterThan(2);
    // Only the spaces where a line broke are dropped.
    expect(ja.join('').replace(/ /g, '')).toBe('商品画像を置くS3バケットproduct-imagesを作ります。');
  });

  it('never starts a line with closing punctuation: the character before goes down with it', () => {
    // 8 columns: "あいうえ" fills the line, but "。" may not start the next one.
    const lines = wrapSegments([{ text: 'あいうえ。かき', style: 'plain' }], 8).map(lineText);
    expect(lines).toEqual(['あいう', 'え。かき']);
  });

  it('splits a word longer than the line', () => {
    const lines = wrapSegments([{ text: 'x'.repeat(25), style: 'plain' }], 10).map(lineText);
    expect(lines).toEqual(['x'.repeat(10), 'x'.repeat(10), 'x'.repeat(5)]);
  });
});

describe('markdown for the terminal', () => {
  const md = ['# Title', '', 'A paragraph with `code` and **bold**', 'over two lines.', '', '## Part', '', '- one', '- two with', '  more', '1. first', '', '> quoted', '> text', '', '```', 'npm install', '```'].join('\n');

  it('renders headings, paragraphs, lists, quotes and code blocks with their styles', () => {
    const lines = renderMarkdown(md, 60);
    const text = lines.map(lineText);
    expect(text).toEqual(['Title', '', 'A paragraph with code and bold over two lines.', '', 'Part', '', '• one', '• two with more', '1. first', '', '│ quoted text', '', '  npm install']);
    expect(lines[0][0].style).toBe('heading');
    expect(lines[2].find((s) => s.text === 'code')?.style).toBe('code');
    expect(lines[2].find((s) => s.text === 'bold')?.style).toBe('bold');
    expect(lines[12][1].style).toBe('block');
  });

  it('drops a leading title when asked, and joins Japanese lines without a space', () => {
    const text = renderMarkdown('# ステップ 2\n\n商品画像を置きます。\nバケットを作ります。', 80, { dropTitle: true }).map(lineText);
    expect(text).toEqual(['商品画像を置きます。バケットを作ります。']);
  });
});

describe('commands stay copyable', () => {
  it('a command that fits is printed as typed; a longer one breaks with a shell line continuation', () => {
    expect(commandLines('awslocal s3 ls', 40).map(lineText)).toEqual(['awslocal s3 ls']);
    const long = 'awslocal s3api put-bucket-cors --bucket product-images --cors-configuration file://cors.json';
    const lines = commandLines(long, 50).map(lineText);
    expect(lines.length).toBeGreaterThan(1);
    for (const line of lines) expect(textWidth(line)).toBeLessThanOrEqual(50);
    expect(lines.slice(0, -1).every((l) => l.endsWith(' \\'))).toBe(true);
    // Joining the continuation gives the command back.
    expect(lines.join('\n').replace(/ \\\n {2}/g, ' ')).toBe(long);
  });
});

describe('the key-binding table', () => {
  const base = initialState({ lang: 'en', endpoint: { url: 'http://127.0.0.1:4566', kind: 'builtin', source: 'embedded' }, stepIds: ['a', 'b', 'c'] });
  const states: UiState[] = [
    base,
    { ...base, stepIndex: 1 },
    { ...base, stepIndex: 2 },
    { ...base, busy: { kind: 'step', label: { en: 'x', ja: 'x' }, startedAt: 0 } },
    { ...base, view: 'help' },
    { ...base, view: 'panel' },
    { ...base, view: 'closing' },
    { ...base, view: 'opening' },
    { ...base, view: 'detail', checks: [{ id: 'x', title: { en: 'x', ja: 'x' }, status: 'fail', evidence: [] }] },
    { ...base, view: 'panel', confirming: true, offers: [{ id: 'x', title: { en: 'x', ja: 'x' }, command: 'x', impact: 'changes', apply: async () => ({ message: { en: '', ja: '' } }) }] },
    { ...base, watching: true, busy: { kind: 'check', label: { en: 'x', ja: 'x' }, startedAt: 0 } },
  ];

  it('says what every key does in both languages', () => {
    for (const binding of KEY_BINDINGS) {
      expect(binding.description.en.length).toBeGreaterThan(0);
      expect(binding.description.ja.length).toBeGreaterThan(0);
      expect(binding.short.en.length).toBeGreaterThan(0);
      expect(binding.short.ja.length).toBeGreaterThan(0);
    }
    expect(new Set(KEY_BINDINGS.map((b) => b.intent)).size).toBe(KEY_BINDINGS.length);
  });

  it('never has two bindings for the same key available at once', () => {
    for (const state of states) {
      const available = KEY_BINDINGS.filter((b) => b.available(state));
      const inputs = available.flatMap((b) => b.inputs ?? []);
      expect(new Set(inputs).size).toBe(inputs.length);
      const specials = available.map((b) => b.special).filter(Boolean);
      expect(new Set(specials).size).toBe(specials.length);
    }
  });

  it('acts only on keys the footer shows (or the help lists), by state', () => {
    expect(bindingFor(base, 'r', {})?.intent).toBe('run');
    expect(bindingFor(base, 'p', {})).toBeUndefined(); // no previous step from the first
    expect(bindingFor({ ...base, stepIndex: 2 }, 'n', {})).toBeUndefined(); // no next from the last
    expect(bindingFor(states[3], 'r', {})).toBeUndefined(); // busy
    expect(bindingFor(states[3], 'q', {})?.intent).toBe('quit');
    expect(bindingFor(states[9], 'n', {})?.intent).toBe('confirm-no'); // asking: n means no
    expect(bindingFor(states[9], 'y', {})?.intent).toBe('confirm-yes');
    expect(bindingFor(states[9], 'q', {})).toBeUndefined();
    expect(bindingFor(states[7], 'n', {})?.intent).toBe('begin'); // the opening page: n starts
    expect(bindingFor(states[7], '', { return: true })?.intent).toBe('begin');
    expect(bindingFor(states[8], '', { tab: true })?.intent).toBe('next-detail');
    expect(bindingFor(states[8], 'd', {})?.intent).toBe('close-detail');
    expect(bindingFor(base, '', { escape: true })).toBeUndefined();
    expect(bindingFor(states[5], '', { escape: true })?.intent).toBe('close');
    expect(bindingFor(base, 'r', { ctrl: true })).toBeUndefined();
    expect(footerBindings(states[10]).map((b) => b.intent)).toEqual(['watch', 'opening', 'language', 'help', 'quit']);
  });
});

describe('the UI reducer', () => {
  const base = initialState({ lang: 'en', endpoint: { url: 'u', kind: 'builtin', source: 'embedded' }, stepIds: ['a', 'b'] });

  it('moving to another step forgets the shown checks and failure', () => {
    let state = uiReducer(base, { type: 'checks-begin', stepId: 'a', rows: [{ id: 'localstack-running', title: { en: 't', ja: 't' }, status: 'pending', evidence: [] }] });
    state = uiReducer(state, { type: 'step-failure', failure: { text: { en: 'x', ja: 'x' }, evidence: [] } });
    state = uiReducer(state, { type: 'select-step', index: 1 });
    expect(state.stepIndex).toBe(1);
    expect(state.checks).toEqual([]);
    expect(state.failure).toBeUndefined();
    expect(uiReducer(state, { type: 'select-step', index: 9 }).stepIndex).toBe(1);
  });

  it('help returns to the view it was opened from; Esc closes the panel', () => {
    let state = uiReducer(base, { type: 'toggle-panel' });
    state = uiReducer(state, { type: 'toggle-help' });
    expect(state.view).toBe('help');
    state = uiReducer(state, { type: 'toggle-help' });
    expect(state.view).toBe('panel');
    expect(uiReducer(state, { type: 'close-overlay' }).view).toBe('lesson');
  });
});

describe('the troubleshooting panel with more than one fix', () => {
  it('numbers the fixes, marks the selected one, and Tab (next-fix) moves the mark round', async () => {
    const lesson = await loadDefaultLesson();
    const base = initialState({ lang: 'en', endpoint: { url: 'u', kind: 'builtin', source: 'embedded' }, stepIds: lesson.steps.map((s) => s.id) });
    let state: UiState = uiReducer(base, {
      type: 'diagnosed',
      open: true,
      offers: [],
      diagnoses: [
        { problem: 'trigger-not-firing', cause: 'permission-missing', message: { en: 'No permission.', ja: '許可がありません。' }, evidence: [{ label: 'policy', value: 'none' }], fixes: [readdPermissionFix(lesson), reapplyNotificationFix(lesson)], checks: ['trigger-fires'] },
      ],
    });
    expect(state.view).toBe('panel');
    const text = () => panelLines(lesson, state, 100).map(lineText).join('\n');
    expect(text()).toMatch(/^› 1\. Give S3 the permission/m);
    expect(text()).toMatch(/^ {2}2\. Apply notification\.json to the bucket again/m);
    expect(text()).toMatch(/^awslocal s3api put-bucket-notification-configuration/m);
    // Fixes come before the evidence.
    expect(text().indexOf('Fixes (f applies')).toBeLessThan(text().indexOf('What was found:'));
    expect(bindingFor(state, '', { tab: true })?.intent).toBe('next-fix');
    state = uiReducer(state, { type: 'select-fix', delta: 1 });
    expect(text()).toMatch(/^› 2\. Apply notification\.json/m);
    state = uiReducer(state, { type: 'select-fix', delta: 1 });
    expect(text()).toMatch(/^› 1\. Give S3/m);
  });
});
