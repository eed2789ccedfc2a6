// Longest suites first, so that with two workers no long suite starts near the end and runs alone.
// Jest orders by the durations in its cache; CI starts with an empty cache, where jest would fall
// back to file size (a 113-line e2e suite runs minutes, a 300-line unit suite seconds). There the
// durations recorded in test/durations.json (seconds per file, from a full run) stand in; a file
// missing from it comes after those listed, by size as jest does.
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import Sequencer from '@jest/test-sequencer';

const ROOT = new URL('..', import.meta.url).pathname;
const recorded = JSON.parse(readFileSync(new URL('./durations.json', import.meta.url), 'utf8'));

export default class LongestFirst extends Sequencer {
  sort(tests) {
    const sorted = super.sort(tests); // failed first, then by cached duration, then by size
    if (sorted.every((test) => test.duration == null) && !sorted.some((test) => this.hasFailed(test))) {
      const seconds = (test) => recorded[relative(ROOT, test.path)] ?? -1;
      // Array sort is stable: files with no record keep jest's size order, after the others.
      return sorted.sort((a, b) => seconds(b) - seconds(a));
    }
    return sorted;
  }
}
