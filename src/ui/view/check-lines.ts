// The lines under the main area: what the last step did (one line per resource), its own failure,
// and its checks (a spinner while one runs, then ✓ ✗ - ! with the message). When something fails,
// the passed checks share one line and the changes are left out: the room goes to the panel.
// Each line is one screen line (cut with …); `d` shows any of them whole.
import type { Lang } from '../../config/language.js';
import type { StepChange } from '../../steps/context.js';
import { say, type Text } from '../../i18n/text.js';
import type { CheckRow, StepFailureInfo } from '../state/types.js';
import { STATUS_MARKS } from './marks.js';
import { CHECKS_TEXT } from '../messages.js';

export type Tone = 'ok' | 'bad' | 'warn' | 'dim' | 'plain';

export interface StatusLine {
  key: string;
  /** The mark (✓ ✗ …); a pending check gets a spinner instead when `spinner` is set. */
  mark: string;
  markTone: Tone;
  text: string;
  textTone: Tone;
  spinner?: boolean;
}

export interface ChecksArea {
  rows: readonly CheckRow[];
  changes: readonly StepChange[];
  failure?: StepFailureInfo;
  artifact?: { ok: boolean; message: Text };
}

const TONE = { pass: 'ok', fail: 'bad', skip: 'dim', error: 'warn' } as const;
const CHANGE_MARK = { created: '+', updated: '~', unchanged: '=', verified: '✓' } as const;
/** Change lines shown at most (the rest are counted). */
const MAX_CHANGES = 3;

export function somethingFails(area: ChecksArea): boolean {
  return area.failure !== undefined || area.artifact?.ok === false || area.rows.some((r) => r.status === 'fail' || r.status === 'error');
}

export function checkLines(area: ChecksArea, lang: Lang): StatusLine[] {
  const lines: StatusLine[] = [];
  const failing = somethingFails(area);
  if (!failing) {
    area.changes.slice(0, MAX_CHANGES).forEach((change, index) => {
      const suffix = change.state === 'unchanged' ? ` ${say(lang, CHECKS_TEXT.alreadyDone)}` : '';
      lines.push({ key: `change-${index}`, mark: CHANGE_MARK[change.state], markTone: 'dim', text: `${say(lang, change.note)}${suffix}`, textTone: 'dim' });
    });
    if (area.changes.length > MAX_CHANGES) lines.push({ key: 'changes-more', mark: '', markTone: 'dim', text: say(lang, CHECKS_TEXT.moreChanges(area.changes.length - MAX_CHANGES)), textTone: 'dim' });
  }
  if (area.failure) lines.push({ key: 'failure', mark: '✗', markTone: 'bad', text: say(lang, area.failure.text), textTone: 'bad' });
  const idWidth = Math.max(0, ...area.rows.map((r) => r.id.length));
  const passed = area.rows.filter((r) => r.status === 'pass' || r.status === 'skip');
  const collapse = failing && passed.length > 1;
  if (collapse) {
    const skipped = passed.filter((r) => r.status === 'skip').length;
    lines.push({ key: 'passed', mark: '✓', markTone: 'ok', text: say(lang, CHECKS_TEXT.passed(passed.length - skipped, skipped, passed.map((r) => r.id))), textTone: 'dim' });
  }
  let spinnerGiven = false;
  for (const row of area.rows) {
    if (collapse && passed.includes(row)) continue;
    const text = `${row.id.padEnd(idWidth)}  ${say(lang, row.status === 'pending' ? row.title : (row.message ?? row.title))}`;
    if (row.status === 'pending') {
      lines.push({ key: row.id, mark: '…', markTone: 'dim', text, textTone: 'dim', spinner: !spinnerGiven });
      spinnerGiven = true;
    } else {
      lines.push({ key: row.id, mark: STATUS_MARKS[row.status], markTone: TONE[row.status], text, textTone: 'plain' });
    }
  }
  if (area.artifact) lines.push({ key: 'artifact', mark: area.artifact.ok ? '✓' : '✗', markTone: area.artifact.ok ? 'ok' : 'bad', text: say(lang, area.artifact.message), textTone: 'plain' });
  return lines;
}
