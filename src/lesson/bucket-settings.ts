// The bucket's two settings from step 2 — CORS rules and the bucket policy — named for a person:
// what each is for, what goes wrong in a browser without it, and the command that sets it. The
// check, `doctor` and the shop page all say it the same way.
import type { Text } from '../i18n/text.js';
import type { Lesson } from './model.js';
import { runnerCommand } from '../config/invocation.js';

export type BucketSetting = 'cors' | 'policy';

/** How a setting can be wrong: absent, or present but not what the lesson's file says. */
export type SettingState = 'missing' | 'different';

export interface WrongSetting {
  setting: BucketSetting;
  state: SettingState;
}

/** The lesson's own command for the setting (step 2), e.g. `awslocal s3api put-bucket-cors … file://cors.json`. */
export function settingCommand(lesson: Lesson, setting: BucketSetting): string {
  const verb = setting === 'cors' ? 'put-bucket-cors' : 'put-bucket-policy';
  const found = lesson.steps.flatMap((s) => s.commands).find((c) => c.run.includes(verb));
  const file = setting === 'cors' ? lesson.resources.bucket.cors.file : lesson.resources.bucket.policy.file;
  const option = setting === 'cors' ? '--cors-configuration' : '--policy';
  return found?.run ?? `awslocal s3api ${verb} --bucket ${lesson.resources.bucket.name} ${option} file://${file}`;
}

/** The step that applies both settings, as a runner command. */
/** Step 2 done by the runner, as this learner types the runner's name. */
export const bucketStepCommand = (): string => runnerCommand('run --step bucket');

/** "the bucket has no CORS rules: …" — one sentence naming the setting, its file and what it is for. */
export function settingProblem(lesson: Lesson, setting: BucketSetting, state: SettingState): Text {
  const bucket = lesson.resources.bucket.name;
  if (setting === 'cors') {
    const file = lesson.resources.bucket.cors.file;
    return state === 'missing'
      ? {
          en: `bucket ${bucket} has no CORS rules (${file}), so a browser blocks web pages such as the shop from uploading to it or reading from it`,
          ja: `バケット ${bucket} に CORS 設定 (${file}) がないため、ショップのような Web ページからのアップロードや読み取りをブラウザーが止めます`,
        }
      : {
          en: `the CORS rules of bucket ${bucket} differ from ${file}, so a browser may block web pages such as the shop`,
          ja: `バケット ${bucket} の CORS 設定が ${file} と違うため、ショップのような Web ページからの操作をブラウザーが止めることがあります`,
        };
  }
  const file = lesson.resources.bucket.policy.file;
  return state === 'missing'
    ? {
        en: `bucket ${bucket} has no bucket policy (${file}), so nobody can open its images by URL (anonymous GET is 403 Access Denied)`,
        ja: `バケット ${bucket} にバケットポリシー (${file}) がないため、画像を URL で開けません (署名なしの GET が 403 Access Denied になります)`,
      }
    : {
        en: `the bucket policy of ${bucket} differs from ${file}, so its images may not open by URL (anonymous GET)`,
        ja: `バケット ${bucket} のバケットポリシーが ${file} と違うため、画像を URL で開けないことがあります (署名なしの GET)`,
      };
}

/** Each wrong setting with what it breaks and the command that sets it; then the step that sets both. */
export function bucketSettingsMessage(lesson: Lesson, wrong: readonly WrongSetting[]): Text {
  const parts = wrong.map(({ setting, state }) => ({ problem: settingProblem(lesson, setting, state), command: settingCommand(lesson, setting) }));
  const en = parts.map(({ problem, command }) => `${problem.en.charAt(0).toUpperCase()}${problem.en.slice(1)}. Fix: ${command}`).join(' — ');
  const ja = parts.map(({ problem, command }) => `${problem.ja}。直すには: ${command}`).join(' / ');
  return {
    en: `${en} (or let step 2 set both: ${bucketStepCommand()})`,
    ja: `${ja} (ステップ 2 でまとめて設定することもできます: ${bucketStepCommand()})`,
  };
}
