// Japanese phrase boundaries from BudouX (Google's small phrase segmenter, the `budoux` package):
// a Japanese line may break between phrases, not inside one ("待ち受けて|いて" is wrong, "待ち受けていて、|"
// right). Only the parser and its Japanese model are loaded, on first use: the package's index also
// loads an HTML DOM (linkedom) that costs about a second and is not needed in a terminal.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

interface PhraseParser {
  parseBoundaries(sentence: string): number[];
}

let parser: PhraseParser | undefined;

function loadParser(): PhraseParser {
  const require = createRequire(import.meta.url);
  // The package's `require` entry is dist/index.js; its parser and models sit beside it.
  const dist = dirname(require.resolve('budoux'));
  const { Parser } = require(join(dist, 'parser.js')) as { Parser: new (model: unknown) => PhraseParser };
  const { model } = require(join(dist, 'data', 'models', 'ja.js')) as { model: unknown };
  return new Parser(model);
}

const cache = new Map<string, number[]>();
const CACHE_LIMIT = 2000;

/** Positions (UTF-16 indices into `text`) where a phrase starts, excluding 0. */
export function phraseBoundaries(text: string): number[] {
  const known = cache.get(text);
  if (known) return known;
  parser ??= loadParser();
  const boundaries = parser.parseBoundaries(text);
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(text, boundaries);
  return boundaries;
}

const JAPANESE = /[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uff66-\uff9f]/;

/** Whether the text has Japanese in it (only then is the segmenter loaded and asked). */
export function hasJapanese(text: string): boolean {
  return JAPANESE.test(text);
}
