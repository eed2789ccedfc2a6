// trigger-not-firing, from the evidence: the learner's own uploads that never got a processed copy
// because the notification's filter excludes them (another ending, another letter case, another
// prefix). Looked at whatever the checks say: the checks upload a well-named .jpg themselves.
import type { CheckContext } from '../../checks/context.js';
import type { Evidence } from '../../checks/result.js';
import { describeNotification, findMatchingNotification } from '../../aws/compare.js';
import { filterOf } from '../../lesson/index.js';
import type { Text } from '../../i18n/text.js';
import type { TriggerProbe } from '../probes/trigger.js';
import { filterMiss, probeUnprocessedUploads, type FilterMiss } from '../probes/uploads.js';
import { probeRecentLogs } from '../probes/function.js';
import { reapplyNotificationFix } from '../fixes/trigger.js';
import { copyToMatchingKeyFix } from '../fixes/uploads.js';
import { diagnosis } from '../diagnosis.js';
import type { Diagnosis, Fix } from '../types.js';

const CHECKS = ['trigger-fires'];
/** Keys named in a message; the evidence lists up to MAX_LISTED. */
const MAX_NAMED = 3;
const MAX_LISTED = 10;

function why(miss: FilterMiss): Text {
  switch (miss.why) {
    case 'prefix':
      return { en: `${miss.key} does not start with "${miss.prefix}"`, ja: `${miss.key} は "${miss.prefix}" で始まっていません` };
    case 'case':
      return { en: `${miss.key} ends in "${miss.key.slice(-miss.suffix.length)}", not "${miss.suffix}" (letter case counts)`, ja: `${miss.key} の末尾は "${miss.key.slice(-miss.suffix.length)}" で、"${miss.suffix}" ではありません (大文字と小文字は区別されます)` };
    default: {
      const dot = miss.key.lastIndexOf('.');
      const ending = dot > miss.key.lastIndexOf('/') ? miss.key.slice(dot) : '(no extension)';
      return { en: `${miss.key} ends in "${ending}", not "${miss.suffix}"`, ja: `${miss.key} の末尾は "${ending}" で、"${miss.suffix}" ではありません` };
    }
  }
}

/** The uploads the configured filter keeps from the function, as a diagnosis; undefined when there are none. */
export async function diagnoseFilteredUploads(ctx: CheckContext, probe: TriggerProbe): Promise<Diagnosis | undefined> {
  const lesson = ctx.lesson;
  const { bucket, function: fn } = lesson.resources;
  const wanted = lesson.resources.notification.value.LambdaFunctionConfigurations[0];
  // The configuration that sends uploads to the lesson's function: the lesson's own, or one whose filter differs.
  const config = probe.notification.kind === 'ok' ? findMatchingNotification(probe.configured, wanted) : probe.notification.kind === 'filter' ? probe.notification.config : undefined;
  if (!config) return undefined;
  const { unprocessed: uploads, keys } = await probeUnprocessedUploads(ctx);
  const output = lesson.resources.output.prefix;
  const misses = uploads
    .map((u) => filterMiss(config, u.key))
    .filter((m): m is FilterMiss => m !== undefined)
    // photo.JPG copied to photo.jpg and processed: the learner has dealt with it.
    .filter((m) => !(m.why === 'case' && keys.has(`${output}${m.matching}`)));
  if (misses.length === 0) return undefined;

  const have = filterOf(config);
  const lessons = filterOf(wanted);
  const isLessons = have.prefix === lessons.prefix && have.suffix === lessons.suffix;
  const named = misses.slice(0, MAX_NAMED).map(why);
  const more = misses.length > MAX_NAMED ? { en: ` (and ${misses.length - MAX_NAMED} more)`, ja: ` (ほか ${misses.length - MAX_NAMED} 件)` } : { en: '', ja: '' };
  const rule = {
    en: `${have.prefix ? `start with "${have.prefix}" and ` : ''}end in "${have.suffix}"`,
    ja: `${have.prefix ? `"${have.prefix}" で始まり、` : ''}"${have.suffix}" で終わる`,
  };
  const caseMisses = misses.filter((m): m is Extract<FilterMiss, { why: 'case' }> => m.why === 'case');
  const example = caseMisses[0] ?? misses[0];
  const target = example.why === 'case' ? example.matching : `${lessons.prefix}photo${lessons.suffix}`;
  const todo: Text = isLessons
    ? {
      en: `The lesson's function handles images uploaded with names that ${rule.en}: upload them under such a name, e.g. awslocal s3 cp ${example.key.split('/').pop()} s3://${bucket.name}/${target}`,
      ja: `レッスンの関数が処理するのは名前が${rule.ja}画像です。その形の名前でアップロードしてください (例: awslocal s3 cp ${example.key.split('/').pop()} s3://${bucket.name}/${target})`,
    }
    : {
      en: `The lesson's filter is prefix "${lessons.prefix}", suffix "${lessons.suffix}": apply notification.json again, then upload again (a notification only runs for uploads made after it).`,
      ja: `レッスンのフィルターは prefix "${lessons.prefix}"、suffix "${lessons.suffix}" です。notification.json を設定し直してから、もう一度アップロードしてください (通知は設定後のアップロードにしか働きません)。`,
    };

  // The function's log confirms it was never called for them (or shows what it did).
  const logs = await probeRecentLogs(ctx, 200).catch(() => [] as string[]);
  const mentioning = logs.filter((line) => misses.some((m) => line.includes(m.key)));
  const evidence: Evidence[] = [
    { label: 'notification', value: describeNotification(config) },
    { label: `uploads without ${lesson.resources.output.prefix}<key>`, value: misses.slice(0, MAX_LISTED).map((m) => `${m.key}${uploadTime(uploads, m.key)}`).join('\n') },
    { label: `logs /aws/lambda/${fn.name}`, value: mentioning.length ? mentioning.slice(-10).join('\n') : 'no line names these keys: the function was never called for them' },
  ];
  const fixes: Fix[] = [];
  if (!isLessons) fixes.push(reapplyNotificationFix(lesson));
  else if (caseMisses.length > 0) fixes.push(copyToMatchingKeyFix(lesson, caseMisses.slice(0, MAX_LISTED).map((m) => ({ key: m.key, matching: m.matching }))));
  return diagnosis('trigger-not-firing', 'filter-excludes-upload', {
    en: `${misses.length === 1 ? 'An upload' : `${misses.length} uploads`} never ran ${fn.name}: the notification fires only for keys that ${rule.en}, compared exactly as S3 does. ${named.map((n) => n.en).join('; ')}${more.en}. ${todo.en}`,
    ja: `${misses.length === 1 ? 'アップロードしたオブジェクト' : `アップロードした ${misses.length} 個のオブジェクト`}で ${fn.name} が動いていません。イベント通知はキーが${rule.ja}ときだけ働き、S3 と同じく文字どおりに比べます。${named.map((n) => n.ja).join('。')}${more.ja}。${todo.ja}`,
  }, evidence, fixes, CHECKS);
}

function uploadTime(uploads: { key: string; lastModified?: Date }[], key: string): string {
  const at = uploads.find((u) => u.key === key)?.lastModified;
  return at ? ` (uploaded ${at.toISOString()})` : '';
}
