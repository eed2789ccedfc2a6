// The one key-binding table: the input hook dispatches from it, and the footer and the help screen
// render from it, so a key cannot work without being shown or be shown without working.
import type { Text } from '../i18n/text.js';
import type { UiState } from './state/types.js';
import { allFixes, hasFailure, isLastStep } from './state/selectors.js';

export type Intent =
  | 'run'
  | 'check'
  | 'watch'
  | 'next'
  | 'previous'
  | 'troubleshoot'
  | 'fix'
  | 'next-fix'
  | 'confirm-yes'
  | 'confirm-no'
  | 'language'
  | 'help'
  | 'quit'
  | 'scroll-up'
  | 'scroll-down'
  | 'page-up'
  | 'page-down'
  | 'close';

/** Ink's key flags this table uses (a subset of ink's `Key`). */
export interface KeyFlags {
  escape?: boolean;
  tab?: boolean;
  upArrow?: boolean;
  downArrow?: boolean;
  pageUp?: boolean;
  pageDown?: boolean;
  ctrl?: boolean;
}

export interface KeyBinding {
  intent: Intent;
  /** The characters that trigger it. */
  inputs?: string[];
  special?: keyof Omit<KeyFlags, 'ctrl'>;
  /** How the key is written in the footer and help. */
  label: string;
  /** Short name for the footer. */
  short: Text;
  /** One line for the help screen. */
  description: Text;
  /** Whether the key does something now; unavailable keys are neither shown nor acted on. */
  available: (state: UiState) => boolean;
  /** Shown in the footer (scroll keys and Esc are only in help). */
  footer: boolean;
}

const idle = (s: UiState) => !s.busy && !s.confirming && !s.quitting;
const onLesson = (s: UiState) => s.view === 'lesson' || s.view === 'panel';

export const KEY_BINDINGS: readonly KeyBinding[] = [
  {
    intent: 'confirm-yes',
    inputs: ['y'],
    label: 'y',
    short: { en: 'yes, apply', ja: 'はい、適用' },
    description: { en: 'apply the fix you were asked about', ja: '確認中の修正を適用する' },
    available: (s) => s.confirming && !s.busy,
    footer: true,
  },
  {
    intent: 'confirm-no',
    inputs: ['n'],
    special: 'escape',
    label: 'n',
    short: { en: 'no', ja: 'いいえ' },
    description: { en: 'do not apply it', ja: '適用しない' },
    available: (s) => s.confirming,
    footer: true,
  },
  {
    intent: 'run',
    inputs: ['r'],
    label: 'r',
    short: { en: 'run it for me', ja: '自動で実行' },
    description: { en: 'do this step for me, then run its checks', ja: 'このステップを自動で実行し、続けて確認する' },
    available: (s) => idle(s) && onLesson(s),
    footer: true,
  },
  {
    intent: 'check',
    inputs: ['c'],
    label: 'c',
    short: { en: 'check', ja: '確認' },
    description: { en: 'check now (after doing the step by hand)', ja: '今すぐ確認する (手で実行したあとに)' },
    available: (s) => idle(s) && onLesson(s),
    footer: true,
  },
  {
    intent: 'watch',
    inputs: ['w'],
    label: 'w',
    short: { en: 'watch', ja: '監視' },
    description: {
      en: 'watch: re-check every few seconds while you work in another terminal; stops when all pass (w again stops it)',
      ja: '監視: 別のターミナルで作業する間、数秒ごとに確認する。全部通ると止まる (もう一度 w で停止)',
    },
    available: (s) => !s.confirming && !s.quitting && onLesson(s) && (s.watching || !s.busy),
    footer: true,
  },
  {
    intent: 'next',
    inputs: ['n'],
    label: 'n',
    short: { en: 'next', ja: '次へ' },
    description: { en: 'next step', ja: '次のステップへ' },
    available: (s) => idle(s) && (s.view !== 'summary' && !isLastStep(s)),
    footer: true,
  },
  {
    intent: 'previous',
    inputs: ['p'],
    label: 'p',
    short: { en: 'previous', ja: '前へ' },
    description: { en: 'previous step (from the summary: back to the last step)', ja: '前のステップへ (まとめからは最後のステップへ)' },
    available: (s) => idle(s) && (s.stepIndex > 0 || s.view === 'summary'),
    footer: true,
  },
  {
    intent: 'troubleshoot',
    inputs: ['t'],
    label: 't',
    short: { en: 'troubleshoot', ja: 'トラブル対応' },
    description: { en: 'show or hide the troubleshooting panel', ja: 'トラブルシューティングを表示/非表示' },
    available: (s) => idle(s) && onLesson(s) && (hasFailure(s) || s.diagnoses.length > 0 || s.view === 'panel'),
    footer: true,
  },
  {
    intent: 'fix',
    inputs: ['f'],
    label: 'f',
    short: { en: 'apply fix', ja: '修正を適用' },
    description: { en: 'apply the selected fix (asks first when it changes or deletes anything), then check again', ja: '選んだ修正を適用して確認し直す (変更・削除を伴うときは先に確認)' },
    available: (s) => idle(s) && s.view === 'panel' && allFixes(s).length > 0,
    footer: true,
  },
  {
    intent: 'next-fix',
    special: 'tab',
    label: 'Tab',
    short: { en: 'other fix', ja: '別の修正' },
    description: { en: 'select the next fix', ja: '次の修正を選ぶ' },
    available: (s) => idle(s) && s.view === 'panel' && allFixes(s).length > 1,
    footer: true,
  },
  {
    intent: 'language',
    inputs: ['l'],
    label: 'l',
    short: { en: '日本語', ja: 'English' },
    description: { en: 'switch language (日本語 / English)', ja: '言語を切り替える (日本語 / English)' },
    available: (s) => !s.confirming && !s.quitting,
    footer: true,
  },
  {
    intent: 'help',
    inputs: ['?'],
    label: '?',
    short: { en: 'help', ja: 'ヘルプ' },
    description: { en: 'show or hide this help', ja: 'このヘルプを表示/非表示' },
    available: (s) => !s.confirming && !s.quitting,
    footer: true,
  },
  {
    intent: 'quit',
    inputs: ['q'],
    label: 'q',
    short: { en: 'quit', ja: '終了' },
    description: { en: 'quit (progress is saved; start again to continue)', ja: '終了 (進捗は保存済み。もう一度起動すると続きから)' },
    available: (s) => !s.confirming && !s.quitting,
    footer: true,
  },
  {
    intent: 'scroll-up',
    inputs: ['k'],
    special: 'upArrow',
    label: '↑/k',
    short: { en: 'scroll', ja: 'スクロール' },
    description: { en: 'scroll up', ja: '上へスクロール' },
    available: (s) => !s.confirming && !s.quitting,
    footer: false,
  },
  {
    intent: 'scroll-down',
    inputs: ['j'],
    special: 'downArrow',
    label: '↓/j',
    short: { en: 'scroll', ja: 'スクロール' },
    description: { en: 'scroll down', ja: '下へスクロール' },
    available: (s) => !s.confirming && !s.quitting,
    footer: false,
  },
  {
    intent: 'page-up',
    special: 'pageUp',
    label: 'PgUp',
    short: { en: 'page up', ja: '前のページ' },
    description: { en: 'scroll a page up', ja: '1 画面上へ' },
    available: (s) => !s.confirming && !s.quitting,
    footer: false,
  },
  {
    intent: 'page-down',
    inputs: [' '],
    special: 'pageDown',
    label: 'PgDn/Space',
    short: { en: 'page down', ja: '次のページ' },
    description: { en: 'scroll a page down', ja: '1 画面下へ' },
    available: (s) => !s.confirming && !s.quitting,
    footer: false,
  },
  {
    intent: 'close',
    special: 'escape',
    label: 'Esc',
    short: { en: 'close', ja: '閉じる' },
    description: { en: 'close the help or the troubleshooting panel', ja: 'ヘルプやトラブルシューティングを閉じる' },
    available: (s) => !s.confirming && (s.view === 'help' || s.view === 'panel'),
    footer: false,
  },
];

/** The binding a key press means now, if any (the first available one wins: y/n while asking). */
export function bindingFor(state: UiState, input: string, key: KeyFlags): KeyBinding | undefined {
  if (key.ctrl) return undefined;
  return KEY_BINDINGS.find(
    (binding) => binding.available(state) && ((binding.inputs?.includes(input) ?? false) || (binding.special !== undefined && key[binding.special] === true)),
  );
}

export function footerBindings(state: UiState): KeyBinding[] {
  return KEY_BINDINGS.filter((b) => b.footer && b.available(state));
}
