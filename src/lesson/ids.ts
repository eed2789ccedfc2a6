// The ids the runner's code implements. A lesson may only name these: a check, action, problem or
// preflight probe the code does not know would silently do nothing. DESIGN §2 fixes the values.

/** The checklist (the course's 確認ポイント), in the order `check` reports them. */
export const CHECK_IDS = [
  'localstack-running',
  'bucket-created',
  'function-deployed',
  'function-invocable',
  'trigger-fires',
  'processed-saved',
  'scripts-clean',
] as const;
export type CheckId = (typeof CHECK_IDS)[number];

/** The three common problems (the course's よくある問題). */
export const PROBLEM_IDS = ['localstack-not-starting', 'lambda-not-executing', 'trigger-not-firing'] as const;
export type ProblemId = (typeof PROBLEM_IDS)[number];

/** What the runner does when the learner lets it perform a step (src/steps implements each). */
export const ACTION_IDS = [
  'verify-endpoint',
  'create-bucket',
  'build-function',
  'deploy-function',
  'invoke-function',
  'configure-trigger',
] as const;
export type ActionId = (typeof ACTION_IDS)[number];

/** The preparation probes (the course's 準備), see preflight.ts. */
export const PREFLIGHT_IDS = ['aws-cli', 'awslocal', 'docker', 'docker-compose', 'docker-engine', 'endpoint-variable'] as const;
export type PreflightId = (typeof PREFLIGHT_IDS)[number];

/** Which way of following the lesson a preflight item matters for. */
export const PREFLIGHT_PURPOSES = ['hand', 'localstack'] as const;
export type PreflightPurpose = (typeof PREFLIGHT_PURPOSES)[number];

/** A command that only applies to one kind of endpoint; unmarked commands apply to both. */
export const COMMAND_VARIANTS = ['docker', 'builtin'] as const;
export type CommandVariant = (typeof COMMAND_VARIANTS)[number];

export function isOneOf<T extends string>(list: readonly T[], value: string): value is T {
  return (list as readonly string[]).includes(value);
}
