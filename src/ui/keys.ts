// The one key-binding table: the input hook dispatches from it, and the footer and the help screen
// render from it, so a key cannot work without being shown or be shown without working.
import type { Text } from '../i18n/text.js';
import type { UiState } from './state/types.js';
import { allFixes, hasDetails, hasFailure, isLastStep } from './state/selectors.js';
import { KEYS_TEXT } from './messages.js';

export type Intent =
  | 'begin'
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
  | 'detail'
  | 'next-detail'
  | 'close-detail'
  | 'opening'
  | 'closing'
  | 'shop'
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
  return?: boolean;
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
  /**
   * Place in the footer: 0 always shown (help, quit), 1–2 shown when they fit, 3–4 the first to go
   * to the help screen when the line is full; false: only in help (scroll keys).
   */
  footer: number | false;
}

const idle = (s: UiState) => !s.busy && !s.confirming && !s.quitting;
const onLesson = (s: UiState) => s.view === 'lesson' || s.view === 'panel';
const free = (s: UiState) => !s.confirming && !s.quitting;
/** Every step done: the shop page has something to show. */
const lessonDone = (s: UiState) => Object.values(s.steps).length > 0 && Object.values(s.steps).every((step) => step === 'done');

export const KEY_BINDINGS: readonly KeyBinding[] = [
  { intent: 'confirm-yes', inputs: ['y'], label: 'y', ...KEYS_TEXT.yes, available: (s) => s.confirming && !s.busy, footer: 0 },
  { intent: 'confirm-no', inputs: ['n'], special: 'escape', label: 'n', ...KEYS_TEXT.no, available: (s) => s.confirming, footer: 0 },
  { intent: 'begin', inputs: ['n'], special: 'return', label: 'n', ...KEYS_TEXT.begin, available: (s) => free(s) && s.view === 'opening', footer: 1 },
  { intent: 'run', inputs: ['r'], label: 'r', ...KEYS_TEXT.run, available: (s) => idle(s) && onLesson(s), footer: 1 },
  { intent: 'check', inputs: ['c'], label: 'c', ...KEYS_TEXT.check, available: (s) => idle(s) && onLesson(s), footer: 1 },
  { intent: 'watch', inputs: ['w'], label: 'w', ...KEYS_TEXT.watch, available: (s) => free(s) && onLesson(s) && (s.watching || !s.busy), footer: 2 },
  { intent: 'next', inputs: ['n'], label: 'n', ...KEYS_TEXT.next, available: (s) => idle(s) && onLesson(s) && !isLastStep(s), footer: 1 },
  {
    intent: 'previous',
    inputs: ['p'],
    label: 'p',
    ...KEYS_TEXT.previous,
    available: (s) => idle(s) && ((onLesson(s) && s.stepIndex > 0) || s.view === 'closing'),
    footer: 3,
  },
  {
    intent: 'troubleshoot',
    inputs: ['t'],
    label: 't',
    ...KEYS_TEXT.troubleshoot,
    available: (s) => idle(s) && onLesson(s) && (hasFailure(s) || s.diagnoses.length > 0 || s.view === 'panel'),
    footer: 1,
  },
  { intent: 'fix', inputs: ['f'], label: 'f', ...KEYS_TEXT.fix, available: (s) => idle(s) && s.view === 'panel' && allFixes(s).length > 0, footer: 1 },
  { intent: 'next-fix', special: 'tab', label: 'Tab', ...KEYS_TEXT.nextFix, available: (s) => idle(s) && s.view === 'panel' && allFixes(s).length > 1, footer: 2 },
  { intent: 'next-detail', special: 'tab', label: 'Tab', ...KEYS_TEXT.nextDetail, available: (s) => free(s) && s.view === 'detail', footer: 1 },
  {
    intent: 'detail',
    inputs: ['d'],
    label: 'd',
    ...KEYS_TEXT.detail,
    available: (s) => free(s) && s.view !== 'detail' && s.view !== 'help' && hasDetails(s),
    footer: 2,
  },
  { intent: 'opening', inputs: ['o'], label: 'o', ...KEYS_TEXT.opening, available: (s) => free(s) && s.view !== 'opening', footer: 4 },
  { intent: 'closing', inputs: ['e'], label: 'e', ...KEYS_TEXT.closing, available: (s) => free(s) && s.summary !== undefined && s.view !== 'closing', footer: 2 },
  { intent: 'shop', inputs: ['s'], label: 's', ...KEYS_TEXT.shop, available: (s) => free(s) && (s.view === 'closing' || lessonDone(s)), footer: 2 },
  { intent: 'language', inputs: ['l'], label: 'l', ...KEYS_TEXT.language, available: free, footer: 3 },
  { intent: 'close-detail', inputs: ['d'], label: 'd', ...KEYS_TEXT.closeDetail, available: (s) => free(s) && s.view === 'detail', footer: false },
  {
    intent: 'close',
    special: 'escape',
    label: 'Esc',
    ...KEYS_TEXT.close,
    available: (s) => !s.confirming && (s.view === 'help' || s.view === 'panel' || s.view === 'detail'),
    footer: 3,
  },
  { intent: 'help', inputs: ['?'], label: '?', ...KEYS_TEXT.help, available: free, footer: 0 },
  { intent: 'quit', inputs: ['q'], label: 'q', ...KEYS_TEXT.quit, available: free, footer: 0 },
  { intent: 'scroll-up', inputs: ['k'], special: 'upArrow', label: '↑/k', ...KEYS_TEXT.scrollUp, available: free, footer: false },
  { intent: 'scroll-down', inputs: ['j'], special: 'downArrow', label: '↓/j', ...KEYS_TEXT.scrollDown, available: free, footer: false },
  { intent: 'page-up', special: 'pageUp', label: 'PgUp', ...KEYS_TEXT.pageUp, available: free, footer: false },
  { intent: 'page-down', inputs: [' '], special: 'pageDown', label: 'PgDn/Space', ...KEYS_TEXT.pageDown, available: free, footer: false },
];

/** The binding a key press means now, if any (the first available one wins: y/n while asking). */
export function bindingFor(state: UiState, input: string, key: KeyFlags): KeyBinding | undefined {
  if (key.ctrl) return undefined;
  return KEY_BINDINGS.find(
    (binding) => binding.available(state) && ((binding.inputs?.includes(input) ?? false) || (binding.special !== undefined && key[binding.special] === true)),
  );
}

/** The keys that work now and belong in the footer, in table order. */
export function footerBindings(state: UiState): KeyBinding[] {
  return KEY_BINDINGS.filter((b) => b.footer !== false && b.available(state));
}
