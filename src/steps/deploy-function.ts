// Step 4: the role with its trust and managed policies, then the function from the package step 3
// established (function-package.ts: the one named with --zip, else the newest that holds — the
// learner's own or the runner's build, said which): created when missing, its code updated only
// when CodeSha256 differs, exactly the configuration fields that differ from the lesson's set back
// (function-config.ts, shared with the troubleshooter); then wait
// (bounded) until Lambda reports it Active and its last update Successful (waitFor).
import { AttachRolePolicyCommand, CreateRoleCommand, GetRoleCommand, ListAttachedRolePoliciesCommand } from '@aws-sdk/client-iam';
import { CreateFunctionCommand, GetFunctionCommand, UpdateFunctionCodeCommand, UpdateFunctionConfigurationCommand } from '@aws-sdk/client-lambda';
import { errorDetail, unlessMissing } from '../aws/errors.js';
import { pollUntil } from '../aws/poll.js';
import { stepCall } from './aws-call.js';
import { onFunctionChange } from './wake-ups.js';
import { choiceForDeploy, describeChoice, findFunctionPackages, namedZipProblem, packagePlaces, showPath } from './function-package.js';
import { describeProblems } from './packaging/inspect-package.js';
import { PackageChangedError } from './package-digests.js';
import type { Text } from '../i18n/text.js';
import { StepFailure, type StepAction, type StepChange, type StepContext } from './context.js';
import { runnerCommand } from '../config/invocation.js';
import { describeDrifts, desiredConfiguration, planConfiguration } from './function-config.js';

/** How long deploy waits for Active / Successful before giving up. */
export const DEPLOY_WAIT_SECONDS = 120;

export const deployFunction: StepAction = async (ctx) => {
  const changes: StepChange[] = [...(await ensureRole(ctx))];
  const fn = ctx.lesson.resources.function;
  const pkg = await packageToDeploy(ctx);
  // Read only to upload: unchanged code (the usual re-run) is never read.
  const zip = pkg?.readBytes;
  const codeSha256 = pkg?.codeSha256;
  const used = pkg?.used;
  const lambda = ctx.aws.lambda;
  const current = await stepCall(ctx, 'GetFunction', () =>
    unlessMissing(lambda.send(new GetFunctionCommand({ FunctionName: fn.name })), 'ResourceNotFoundException'),
  );
  if (!current?.Configuration) {
    if (!zip || !used) throw noPackage(ctx);
    const wanted = { FunctionName: fn.name, ...desiredConfiguration(ctx.lesson) };
    ctx.onProgress?.({ phase: { en: `creating ${fn.name} from ${used.en}`, ja: `${used.ja} から ${fn.name} を作成しています` } });
    const bytes = zip();
    await stepCall(ctx, 'CreateFunction', () =>
      lambda.send(new CreateFunctionCommand({ ...wanted, Code: { ZipFile: bytes }, Architectures: [ctx.arch] })),
    );
    await waitFor(ctx, 'active');
    changes.push({ resource: fn.name, state: 'created', note: { en: `created function ${fn.name} from ${used.en} and it is Active`, ja: `${used.ja} から関数 ${fn.name} を作成し、Active になりました` } });
    return { changes, details: { codeSha256: codeSha256 ?? '' } };
  }

  if (!zip || !used) {
    changes.push({ resource: `${fn.name} code`, state: 'unchanged', note: { en: `no ${fn.zipFile} here: the deployed code stays as it is`, ja: `${fn.zipFile} が手元にないため、デプロイ済みのコードをそのまま使います` } });
  } else if (current.Configuration.CodeSha256 !== codeSha256) {
    ctx.onProgress?.({ phase: { en: `updating the code of ${fn.name}`, ja: `${fn.name} のコードを更新しています` } });
    const bytes = zip();
    await waitFor(ctx, 'updated');
    await stepCall(ctx, 'UpdateFunctionCode', () => lambda.send(new UpdateFunctionCodeCommand({ FunctionName: fn.name, ZipFile: bytes })));
    await waitFor(ctx, 'updated');
    changes.push({ resource: `${fn.name} code`, state: 'updated', note: { en: `uploaded new code from ${used.en} (CodeSha256 ${codeSha256})`, ja: `${used.ja} の新しいコードをアップロードしました (CodeSha256 ${codeSha256})` } });
  } else {
    changes.push({ resource: `${fn.name} code`, state: 'unchanged', note: { en: `code unchanged (same CodeSha256): not uploaded again (${used.en})`, ja: `コードは変わっていません (CodeSha256 が同じ) ので再アップロードしません (${used.ja})` } });
  }

  // Whatever was changed by hand goes back to the lesson's values, and only that (the same plan doctor --fix uses).
  const plan = planConfiguration(ctx.lesson, current.Configuration);
  if (plan.drifts.length > 0) {
    await waitFor(ctx, 'updated');
    await stepCall(ctx, 'UpdateFunctionConfiguration', () => lambda.send(new UpdateFunctionConfigurationCommand(plan.update)));
    await waitFor(ctx, 'updated');
    const what = describeDrifts(plan.drifts);
    changes.push({ resource: `${fn.name} configuration`, state: 'updated', note: { en: `restored the lesson's configuration: ${what.en}`, ja: `レッスンの設定に戻しました: ${what.ja}` } });
  } else {
    changes.push({ resource: `${fn.name} configuration`, state: 'unchanged', note: { en: 'configuration already as the lesson says', ja: '設定はすでにレッスンのとおりです' } });
  }
  await waitFor(ctx, 'active');
  return { changes, details: { codeSha256: codeSha256 ?? current.Configuration.CodeSha256 ?? '' } };
};

/**
 * The package step 4 uploads (function-package.ts: the named one, else the newest that holds),
 * undefined when there is none here. One that does not hold stops the step, saying what is wrong.
 */
async function packageToDeploy(ctx: StepContext): Promise<{ readBytes(): Buffer; codeSha256: string; used: Text } | undefined> {
  const named = namedZipProblem(ctx);
  if (named) throw new StepFailure({ en: `Not deploying: ${named.en}.`, ja: `デプロイしません: ${named.ja}。` }, 'lambda-not-executing');
  const choice = choiceForDeploy(await findFunctionPackages(ctx));
  if (!choice) return undefined;
  const used = describeChoice(choice);
  if (!choice.candidate.inspection.ok) {
    const problems = describeProblems(choice.candidate.inspection);
    throw new StepFailure(
      { en: `Not deploying ${used.en}: it cannot run as the function: ${problems.en}`, ja: `${used.ja} はデプロイしません。関数として動きません: ${problems.ja}` },
      'lambda-not-executing',
      choice.candidate.inspection.problems.map((p) => ({ label: p.code, value: p.text.en })),
    );
  }
  const readBytes = () => {
    try {
      return choice.candidate.readBytes();
    } catch (error) {
      if (!(error instanceof PackageChangedError)) throw error;
      throw new StepFailure(
        { en: `Not deploying ${used.en}: it changed after it was checked (was it being rebuilt?). Run the step again once it is written.`, ja: `${used.ja} はデプロイしません: 確認したあとで中身が変わりました (ビルドの最中でしたか?)。書き終わってから、もう一度実行してください。` },
        'lambda-not-executing',
      );
    }
  };
  return { readBytes, codeSha256: choice.candidate.codeSha256, used };
}

function noPackage(ctx: StepContext): StepFailure {
  const fn = ctx.lesson.resources.function;
  const looked = packagePlaces(ctx).map((p) => showPath(ctx.cwd, p.path)).join(', ');
  return new StepFailure(
    {
      en: `There is no ${fn.zipFile} to deploy yet (looked at ${looked}). Do step 3 first: ${runnerCommand('run --step function')}`,
      ja: `デプロイする ${fn.zipFile} がまだありません (${looked} を確認)。先にステップ 3 を実行してください: ${runnerCommand('run --step function')}`,
    },
    'lambda-not-executing',
  );
}

async function ensureRole(ctx: StepContext): Promise<StepChange[]> {
  const { role } = ctx.lesson.resources;
  const iam = ctx.aws.iam;
  const changes: StepChange[] = [];
  const existing = await stepCall(ctx, 'GetRole', () => unlessMissing(iam.send(new GetRoleCommand({ RoleName: role.name })), 'NoSuchEntityException', 'NoSuchEntity'));
  if (!existing) {
    await stepCall(ctx, 'CreateRole', () => iam.send(new CreateRoleCommand({ RoleName: role.name, AssumeRolePolicyDocument: role.trustPolicy.text })));
  }
  changes.push({
    resource: role.name,
    state: existing ? 'unchanged' : 'created',
    note: existing ? { en: `role ${role.name} already exists`, ja: `ロール ${role.name} はすでにあります` } : { en: `created role ${role.name}`, ja: `ロール ${role.name} を作成しました` },
  });
  const attached = await stepCall(ctx, 'ListAttachedRolePolicies', () => iam.send(new ListAttachedRolePoliciesCommand({ RoleName: role.name })));
  const have = new Set((attached.AttachedPolicies ?? []).map((p) => p.PolicyArn));
  for (const arn of role.managedPolicyArns) {
    if (!have.has(arn)) await stepCall(ctx, 'AttachRolePolicy', () => iam.send(new AttachRolePolicyCommand({ RoleName: role.name, PolicyArn: arn })));
    const name = arn.split('/').pop() ?? arn;
    changes.push({
      resource: `${role.name} ← ${name}`,
      state: have.has(arn) ? 'unchanged' : 'created',
      note: have.has(arn) ? { en: `${name} already attached`, ja: `${name} はすでにアタッチされています` } : { en: `attached ${name}`, ja: `${name} をアタッチしました` },
    });
  }
  return changes;
}

/**
 * Waits, bounded, until the function is Active (`active`) or its last update is Successful
 * (`updated`), asking GetFunction as the SDK's v2 waiters do, but from 25 ms on, doubling up to 1 s
 * (the SDK's waiters wait at least a second between asks, longer than the built-in endpoint's
 * whole Pending), and at once when the in-process endpoint says the function changed. A Failed
 * function or a timeout becomes a StepFailure with its state as evidence.
 */
export async function waitFor(ctx: StepContext, until: 'active' | 'updated'): Promise<void> {
  const fn = ctx.lesson.resources.function;
  const lambda = ctx.aws.lambda;
  const deadline = Date.now() + DEPLOY_WAIT_SECONDS * 1000;
  ctx.onProgress?.({
    phase: until === 'active' ? { en: `waiting until ${fn.name} is Active`, ja: `${fn.name} が Active になるのを待っています` } : { en: `waiting for ${fn.name}'s update to finish`, ja: `${fn.name} の更新完了を待っています` },
    deadline,
  });
  const wanted = until === 'active' ? 'Active' : 'Successful';
  let outcome: string;
  try {
    const seen = await pollUntil(
      async () => {
        const c = (await lambda.send(new GetFunctionCommand({ FunctionName: fn.name }))).Configuration;
        const status = until === 'active' ? c?.State : c?.LastUpdateStatus;
        return status === wanted || status === 'Failed' ? status : undefined;
      },
      { deadline, firstMs: 25, longestMs: 1000, wakeUp: onFunctionChange(ctx, fn.name) },
    );
    if (seen === wanted) return;
    outcome = seen === 'Failed' ? `FAILURE: ${until === 'active' ? 'State' : 'LastUpdateStatus'} Failed` : `TIMEOUT: not ${wanted} within ${DEPLOY_WAIT_SECONDS} s`;
  } catch (error) {
    outcome = errorDetail(error);
  }
  const state = await unlessMissing(lambda.send(new GetFunctionCommand({ FunctionName: fn.name })), 'ResourceNotFoundException').catch(() => undefined);
  const c = state?.Configuration;
  throw new StepFailure(
    {
      en: `${fn.name} did not become ${wanted} within ${DEPLOY_WAIT_SECONDS} s: State ${c?.State ?? '?'}, LastUpdateStatus ${c?.LastUpdateStatus ?? '?'}${c?.StateReason ? ` (${c.StateReason})` : ''}`,
      ja: `${fn.name} が ${DEPLOY_WAIT_SECONDS} 秒以内に ${wanted} になりませんでした: State ${c?.State ?? '?'}、LastUpdateStatus ${c?.LastUpdateStatus ?? '?'}${c?.StateReason ? ` (${c.StateReason})` : ''}`,
    },
    'lambda-not-executing',
    [
      { label: 'GetFunction', value: `State=${c?.State ?? '?'} StateReason=${c?.StateReason ?? '-'} LastUpdateStatus=${c?.LastUpdateStatus ?? '?'} ${c?.LastUpdateStatusReason ?? ''}`.trim() },
      { label: 'waiter', value: outcome },
    ],
  );
}
