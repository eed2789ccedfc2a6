// Step 4: the role with its trust and managed policies, then the function: created when missing,
// its code updated only when CodeSha256 differs, its configuration only when it differs; then wait
// (bounded) until Lambda reports it Active and its last update Successful.
import { existsSync, readFileSync } from 'node:fs';
import { AttachRolePolicyCommand, CreateRoleCommand, GetRoleCommand, ListAttachedRolePoliciesCommand } from '@aws-sdk/client-iam';
import {
  CreateFunctionCommand, GetFunctionCommand, UpdateFunctionCodeCommand, UpdateFunctionConfigurationCommand,
  waitUntilFunctionActiveV2, waitUntilFunctionUpdatedV2, type FunctionConfiguration, type Runtime,
} from '@aws-sdk/client-lambda';
import { errorDetail, unlessMissing } from '../aws/errors.js';
import { stepCall } from './aws-call.js';
import { sha256, zipPathOf } from './build-function.js';
import { StepFailure, type StepAction, type StepChange, type StepContext } from './context.js';

/** How long deploy waits for Active / Successful before giving up. */
export const DEPLOY_WAIT_SECONDS = 120;

export const deployFunction: StepAction = async (ctx) => {
  const changes: StepChange[] = [...(await ensureRole(ctx))];
  const fn = ctx.lesson.resources.function;
  const zipPath = zipPathOf(ctx);
  if (!existsSync(zipPath)) {
    throw new StepFailure(
      {
        en: `There is no ${fn.zipFile} to deploy yet (${zipPath}). Do step 3 first: serverless-tutorial run --step function`,
        ja: `デプロイする ${fn.zipFile} がまだありません (${zipPath})。先にステップ 3 を実行してください: serverless-tutorial run --step function`,
      },
      'lambda-not-executing',
    );
  }
  const zip = readFileSync(zipPath);
  const codeSha256 = sha256(zip);
  const lambda = ctx.aws.lambda;
  const current = await stepCall(ctx, 'GetFunction', () =>
    unlessMissing(lambda.send(new GetFunctionCommand({ FunctionName: fn.name })), 'ResourceNotFoundException'),
  );
  const wanted = {
    FunctionName: fn.name,
    Runtime: fn.runtime as Runtime,
    Handler: fn.handler,
    Role: ctx.lesson.resources.role.arn,
    Timeout: fn.timeout,
    MemorySize: fn.memorySize,
    Environment: { Variables: { ...(current?.Configuration?.Environment?.Variables ?? {}), ...fn.environment } },
  };

  if (!current?.Configuration) {
    ctx.onProgress?.({ phase: { en: `creating ${fn.name}`, ja: `${fn.name} を作成しています` } });
    await stepCall(ctx, 'CreateFunction', () =>
      lambda.send(new CreateFunctionCommand({ ...wanted, Code: { ZipFile: zip }, Architectures: [ctx.arch] })),
    );
    await waitFor(ctx, 'active');
    changes.push({ resource: fn.name, state: 'created', note: { en: `created function ${fn.name} and it is Active`, ja: `関数 ${fn.name} を作成し、Active になりました` } });
    return { changes, details: { codeSha256 } };
  }

  if (current.Configuration.CodeSha256 !== codeSha256) {
    ctx.onProgress?.({ phase: { en: `updating the code of ${fn.name}`, ja: `${fn.name} のコードを更新しています` } });
    await waitFor(ctx, 'updated');
    await stepCall(ctx, 'UpdateFunctionCode', () => lambda.send(new UpdateFunctionCodeCommand({ FunctionName: fn.name, ZipFile: zip })));
    await waitFor(ctx, 'updated');
    changes.push({ resource: `${fn.name} code`, state: 'updated', note: { en: `uploaded new code (CodeSha256 ${codeSha256})`, ja: `新しいコードをアップロードしました (CodeSha256 ${codeSha256})` } });
  } else {
    changes.push({ resource: `${fn.name} code`, state: 'unchanged', note: { en: 'code unchanged (same CodeSha256): not uploaded again', ja: 'コードは変わっていません (CodeSha256 が同じ) ので再アップロードしません' } });
  }

  const differing = configDifferences(current.Configuration, wanted);
  if (differing.length > 0) {
    await waitFor(ctx, 'updated');
    await stepCall(ctx, 'UpdateFunctionConfiguration', () => lambda.send(new UpdateFunctionConfigurationCommand(wanted)));
    await waitFor(ctx, 'updated');
    changes.push({ resource: `${fn.name} configuration`, state: 'updated', note: { en: `updated ${differing.join(', ')}`, ja: `${differing.join('、')} を更新しました` } });
  } else {
    changes.push({ resource: `${fn.name} configuration`, state: 'unchanged', note: { en: 'configuration already as the lesson says', ja: '設定はすでにレッスンのとおりです' } });
  }
  await waitFor(ctx, 'active');
  return { changes, details: { codeSha256 } };
};

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

function configDifferences(current: FunctionConfiguration, wanted: { Runtime: string; Handler: string; Role: string; Timeout: number; MemorySize: number; Environment: { Variables: Record<string, string> } }): string[] {
  const out: string[] = [];
  if (current.Runtime !== wanted.Runtime) out.push(`Runtime ${current.Runtime} → ${wanted.Runtime}`);
  if (current.Handler !== wanted.Handler) out.push(`Handler ${current.Handler} → ${wanted.Handler}`);
  if (current.Role !== wanted.Role) out.push('Role');
  if (current.Timeout !== wanted.Timeout) out.push(`Timeout ${current.Timeout} → ${wanted.Timeout}`);
  if (current.MemorySize !== wanted.MemorySize) out.push(`MemorySize ${current.MemorySize} → ${wanted.MemorySize}`);
  const env = current.Environment?.Variables ?? {};
  for (const [key, value] of Object.entries(wanted.Environment.Variables)) {
    if (env[key] !== value) out.push(`${key}=${value}`);
  }
  return out;
}

/** Waits with the SDK's waiters, bounded; a Failed function or a timeout becomes a StepFailure with its state as evidence. */
export async function waitFor(ctx: StepContext, until: 'active' | 'updated'): Promise<void> {
  const fn = ctx.lesson.resources.function;
  const lambda = ctx.aws.lambda;
  ctx.onProgress?.({
    phase: until === 'active' ? { en: `waiting until ${fn.name} is Active`, ja: `${fn.name} が Active になるのを待っています` } : { en: `waiting for ${fn.name}'s update to finish`, ja: `${fn.name} の更新完了を待っています` },
    deadline: Date.now() + DEPLOY_WAIT_SECONDS * 1000,
  });
  const waiter = until === 'active' ? waitUntilFunctionActiveV2 : waitUntilFunctionUpdatedV2;
  try {
    await waiter({ client: lambda, maxWaitTime: DEPLOY_WAIT_SECONDS, minDelay: 1, maxDelay: 2 }, { FunctionName: fn.name });
  } catch (error) {
    const state = await unlessMissing(lambda.send(new GetFunctionCommand({ FunctionName: fn.name })), 'ResourceNotFoundException').catch(() => undefined);
    const c = state?.Configuration;
    throw new StepFailure(
      {
        en: `${fn.name} did not become ${until === 'active' ? 'Active' : 'Successful'} within ${DEPLOY_WAIT_SECONDS} s: State ${c?.State ?? '?'}, LastUpdateStatus ${c?.LastUpdateStatus ?? '?'}${c?.StateReason ? ` (${c.StateReason})` : ''}`,
        ja: `${fn.name} が ${DEPLOY_WAIT_SECONDS} 秒以内に ${until === 'active' ? 'Active' : 'Successful'} になりませんでした: State ${c?.State ?? '?'}、LastUpdateStatus ${c?.LastUpdateStatus ?? '?'}${c?.StateReason ? ` (${c.StateReason})` : ''}`,
      },
      'lambda-not-executing',
      [
        { label: 'GetFunction', value: `State=${c?.State ?? '?'} StateReason=${c?.StateReason ?? '-'} LastUpdateStatus=${c?.LastUpdateStatus ?? '?'} ${c?.LastUpdateStatusReason ?? ''}`.trim() },
        { label: 'waiter', value: waiterOutcome(error) },
      ],
    );
  }
}

/** The SDK waiter's verdict (its message is JSON for programmers): `TIMEOUT: Waiter has timed out`. */
function waiterOutcome(error: unknown): string {
  try {
    const parsed = JSON.parse((error as Error).message) as { state?: unknown; reason?: unknown };
    if (typeof parsed.state === 'string') return typeof parsed.reason === 'string' ? `${parsed.state}: ${parsed.reason}` : parsed.state;
  } catch {
    /* not the waiter's JSON */
  }
  return errorDetail(error);
}
