// A class roster: CSV `name,endpoint`, one learner a line. The header is optional, `#` starts a
// comment line, fields may be quoted ("Tanaka, Taro"). A bad row is reported with its line number
// and skipped: one typo must not stop a whole class from being checked.
import { checkEndpointUrl, isLocalEndpoint } from '../config/endpoint.js';
import type { Text } from '../i18n/text.js';

export interface Learner {
  name: string;
  /** Normalized origin, e.g. http://10.0.0.12:4566. */
  endpoint: string;
  /** 1-based line in the roster file. */
  line: number;
}

export interface RejectedRow {
  line: number;
  /** The line as written (trimmed). */
  text: string;
  reason: Text;
}

export interface Roster {
  learners: Learner[];
  rejected: RejectedRow[];
}

export interface ParseRosterOptions {
  /** --allow-aws: accept endpoints that are not local (otherwise such a row is rejected). */
  allowAws?: boolean;
}

export function parseRoster(text: string, options: ParseRosterOptions = {}): Roster {
  const learners: Learner[] = [];
  const rejected: RejectedRow[] = [];
  const seen = new Map<string, number>();
  let headerAllowed = true;
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  lines.forEach((raw, index) => {
    const line = index + 1;
    const trimmed = raw.trim();
    if (trimmed === '' || trimmed.startsWith('#')) return;
    const reject = (reason: Text) => rejected.push({ line, text: trimmed, reason });
    const fields = splitCsvLine(trimmed);
    if (fields === undefined) {
      return reject({ en: 'a quoted field is not closed', ja: '引用符 (") が閉じていません' });
    }
    const cells = fields.map((f) => f.trim());
    if (cells.length === 2 && cells[0].toLowerCase() === 'name' && cells[1].toLowerCase() === 'endpoint') {
      if (headerAllowed) {
        headerAllowed = false;
        return;
      }
      return reject({ en: 'a header row belongs only on the first row', ja: '見出しの行は先頭にだけ書けます' });
    }
    headerAllowed = false;
    if (cells.length !== 2) {
      return reject({ en: `expected 2 fields (name,endpoint), found ${cells.length}`, ja: `項目は 2 つ (name,endpoint) のはずですが ${cells.length} つあります` });
    }
    const [name, endpointText] = cells;
    if (name === '') return reject({ en: 'the name is empty', ja: '名前が空です' });
    if (endpointText === '') return reject({ en: 'the endpoint is empty', ja: 'エンドポイントが空です' });
    const checked = checkEndpointUrl(endpointText);
    if ('reason' in checked) return reject(checked.reason);
    const endpoint = checked.url;
    if (!options.allowAws && !isLocalEndpoint(endpoint)) {
      return reject({
        en: `${endpoint} is not a local endpoint (it may be real AWS); pass --allow-aws if you mean it`,
        ja: `${endpoint} はローカルのエンドポイントではありません (本物の AWS かもしれません)。意図どおりなら --allow-aws を付けてください`,
      });
    }
    const earlier = seen.get(name);
    if (earlier !== undefined) {
      return reject({ en: `the name "${name}" is already used on line ${earlier}`, ja: `名前 "${name}" は ${earlier} 行目で使われています` });
    }
    seen.set(name, line);
    learners.push({ name, endpoint, line });
  });
  return { learners, rejected };
}

/** Splits one CSV line (RFC 4180 quoting within the line); undefined when a quote is left open. */
export function splitCsvLine(line: string): string[] | undefined {
  const fields: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        current += '"';
        i++;
      } else if (ch === '"') {
        quoted = false;
      } else {
        current += ch;
      }
    } else if (ch === '"' && current.trim() === '') {
      quoted = true;
      current = '';
    } else if (ch === ',') {
      fields.push(current);
      current = '';
    } else {
      current += ch;
    }
  }
  if (quoted) return undefined;
  fields.push(current);
  return fields;
}
