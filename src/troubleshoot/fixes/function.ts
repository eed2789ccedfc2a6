// Fixes for the function: rebuild and redeploy (steps 3 and 4), repackage sharp for where the
// function runs, set its configuration back to the lesson's (what differs only), or wait for it.
import { GetFunctionConfigurationCommand, UpdateFunctionConfigurationCommand } from '@aws-sdk/client-lambda';
import { STEP_ACTIONS } from '../../steps/index.js';
import { waitFor } from '../../steps/deploy-function.js';
import { stepCall } from '../../steps/aws-call.js';
import { describeDrifts, planConfiguration, type ConfigPlan } from '../../steps/function-config.js';
import { StepFailure } from '../../steps/context.js';
import { UserFacingError } from '../../errors.js';
import type { LambdaArchitecture } from '../../steps/packaging/sharp-target.js';
import type { Lesson } from '../../lesson/index.js';
import type { CheckContext } from '../../checks/context.js';
import type { Text } from '../../i18n/text.js';
import type { Fix, FixResult } from '../types.js';
import { lessonCommand } from './lesson-commands.js';
import { runnerCommand } from '../../config/invocation.js';

/** Runs a step action; its failure becomes a UserFacingError carrying the step's own words. */
async function step(action: keyof typeof STEP_ACTIONS, ctx: CheckContext): Promise<Text[]> {
  try {
    const outcome = await STEP_ACTIONS[action]({ ...ctx, onProgress: undefined });
    return outcome.changes.filter((c) => c.state === 'created' || c.state === 'updated').map((c) => c.note);
  } catch (error) {
    if (error instanceof StepFailure) throw new UserFacingError(error.text, 1);
    throw error;
  }
}

function joined(notes: Text[], nothing: Text): Text {
  if (notes.length === 0) return nothing;
  return { en: notes.map((n) => n.en).join('; '), ja: notes.map((n) => n.ja).join('。') };
}

/** What the fix does, as the runner commands that do the same: build (step 3), then deploy (step 4). */
function buildAndDeployCommands(arch?: LambdaArchitecture): string {
  const archFlag = arch && arch !== 'x86_64' ? ` --arch ${arch}` : '';
  return `${runnerCommand(`run --step function${archFlag}`)} && ${runnerCommand(`run --step deploy${archFlag}`)}`;
}

export function rebuildRedeployFix(): Fix {
  return {
    id: 'rebuild-redeploy',
    title: { en: 'Rebuild the function and deploy it again (steps 3 and 4)', ja: '関数をビルドし直して再デプロイする (ステップ 3 と 4)' },
    command: buildAndDeployCommands(),
    impact: 'changes',
    apply: async (ctx): Promise<FixResult> => {
      const notes = [...(await step('build-function', ctx)), ...(await step('deploy-function', ctx))];
      return { message: joined(notes, { en: 'rebuilt and redeployed: nothing differed', ja: 'ビルドと再デプロイをしました (違いはありませんでした)' }) };
    },
  };
}

export function repackageSharpFix(arch: LambdaArchitecture, builtin: boolean): Fix {
  return {
    id: 'repackage-sharp',
    title: builtin
      ? { en: 'Package sharp for this machine (where the built-in endpoint runs functions) and redeploy', ja: 'sharp をこのマシン (内蔵エンドポイントが関数を動かす場所) 向けに入れ直して再デプロイする' }
      : { en: `Package sharp for Linux ${arch} (where the function runs) and redeploy`, ja: `sharp を関数の実行環境 (Linux ${arch}) 向けに入れ直して再デプロイする` },
    command: buildAndDeployCommands(builtin ? undefined : arch),
    impact: 'changes',
    apply: async (ctx): Promise<FixResult> => {
      const withArch = { ...ctx, arch };
      const notes = [...(await step('build-function', withArch)), ...(await step('deploy-function', withArch))];
      return { message: joined(notes, { en: 'repackaged and redeployed', ja: 'パッケージし直して再デプロイしました' }) };
    },
  };
}

/**
 * Sets back exactly the configuration fields that differ from the lesson's (the plan step 4 uses
 * too), and shows them as one update-function-configuration command with only those flags.
 */
export function restoreConfigurationFix(lesson: Lesson, plan: ConfigPlan): Fix {
  const name = lesson.resources.function.name;
  const what = describeDrifts(plan.drifts);
  return {
    id: 'update-function-configuration',
    // Short: the UI shows it on one line with its impact where it can.
    title: { en: `Restore the lesson's settings: ${what.en}`, ja: `レッスンの設定に戻す: ${what.ja}` },
    command: plan.command,
    impact: 'changes',
    apply: async (ctx): Promise<FixResult> => {
      const lambda = ctx.aws.lambda;
      await wait(ctx, 'updated');
      // Planned again from what is there now: only what still differs is changed.
      const current = await stepCall(ctx, 'GetFunctionConfiguration', () => lambda.send(new GetFunctionConfigurationCommand({ FunctionName: name })));
      const now = planConfiguration(lesson, current);
      if (now.drifts.length === 0) return { message: { en: `${name} already has the lesson's configuration`, ja: `${name} はすでにレッスンの設定です` } };
      await stepCall(ctx, 'UpdateFunctionConfiguration', () => lambda.send(new UpdateFunctionConfigurationCommand(now.update)));
      await wait(ctx, 'updated');
      const done = describeDrifts(now.drifts);
      return { message: { en: `updated ${name}: ${done.en}`, ja: `${name} を更新しました: ${done.ja}` } };
    },
  };
}

async function wait(ctx: CheckContext, until: 'active' | 'updated'): Promise<void> {
  try {
    await waitFor({ ...ctx, onProgress: undefined }, until);
  } catch (error) {
    if (error instanceof StepFailure) throw new UserFacingError(error.text, 1);
    throw error;
  }
}

export function waitActiveFix(lesson: Lesson): Fix {
  const name = lesson.resources.function.name;
  return {
    id: 'wait-function-active',
    title: { en: `Wait until ${name} is Active`, ja: `${name} が Active になるまで待つ` },
    command: lessonCommand(lesson, 'awslocal lambda wait function-active-v2'),
    impact: 'none',
    apply: async (ctx): Promise<FixResult> => {
      await wait(ctx, 'active');
      return { message: { en: `${name} is Active`, ja: `${name} は Active になりました` } };
    },
  };
}
