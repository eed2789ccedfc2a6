// The speed goals (issue 13) in the order of the README's performance table, and the bench that
// measures each. A bench reports its rows in its result file (writeResult's data.goals, keyed by
// these ids, made with goalRow); a goal no bench reports shows as not measured, with the reason.
export const GOALS = [
  { id: 'ui-first-frame', what: 'first complete frame of the guided UI vs `node -e 0`', goal: '≤ 4×', max: [4], bench: 'ui-startup' },
  { id: 'ui-first-frame-npx', what: 'the same through `npx` from the packed package (npm itself included)', goal: '— (reference)', bench: 'ui-startup' },
  { id: 'version', what: '`--version` vs `node -e 0`', goal: '≤ 1.5×', max: [1.5], bench: 'cli-startup' },
  { id: 'lesson-run', what: '`run --all --embedded` from an empty state dir', goal: '≤ 3 s', max: [3], bench: 'lesson-run' },
  { id: 'lesson-check', what: '`check --embedded` on a complete lesson', goal: '≤ 1.2 s', max: [1.2], bench: 'lesson-run' },
  { id: 'class-full', what: 'class of 30 learners, full check', goal: '≤ 15 s', max: [15], bench: 'roster' },
  { id: 'class-read-only', what: 'class of 30, `--read-only`', goal: '≤ 0.6 s', max: [0.6], bench: 'roster' },
  { id: 's3-put', what: 'S3 PutObject 1 KiB / 5 MiB vs moto_server', goal: '≤ 0.5× / ≤ 0.4×', max: [0.5, 0.4], bench: 's3-put-get' },
  { id: 'trigger', what: 'S3 trigger, warm: upload → output visible, vs the resize alone', goal: '≤ 2×', max: [2], bench: 'trigger-resize' },
  // Minutes; bench/test-suite.mjs runs the whole suite, so `npm run bench` runs it only with --test-suite.
  { id: 'npm-test', what: '`npm test` on this machine', goal: '≤ 7 min, same coverage', max: [7], bench: 'test-suite' },
];

/**
 * A bench's row of the table for goal `id`: `now` as shown, and whether each measured value (in the
 * unit of the goal: ×, s) is within the goal's limit. Goals without a limit (references) have no verdict.
 */
export function goalRow(id, now, ...values) {
  const goal = GOALS.find((g) => g.id === id);
  if (!goal) throw new Error(`bench/goals.mjs has no goal ${id}`);
  return { [id]: { now, ...(goal.max ? { met: values.length === goal.max.length && values.every((v, i) => typeof v === 'number' && v <= goal.max[i]) } : {}) } };
}

/** The goal as the table shows it (≤ 4×), for a bench's own notes. */
export const goalText = (id) => GOALS.find((g) => g.id === id)?.goal;
