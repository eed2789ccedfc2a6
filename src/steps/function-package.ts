// Step 3's artefact, however it was made: the function packages that exist and which one counts.
//
// Where packages are looked for (each inspected with inspect-package.ts):
//   named              --zip <file>
//   function-dir       <--function-dir>/function.zip
//   working-directory  lambda/image-processor/function.zip (the lesson's commands and init's
//                      deploy-lambda.sh put it there)
//   runner-build       <state-dir>/build/function.zip (the runner's own step 3)
//   deployed           the deployed function's code (GetFunction's Code.Location)
//
// Which one establishes step 3 (`forStep3`): the local package whose CodeSha256 is the deployed
// function's, else the named one, else the newest local one that holds, else the deployed code
// when it holds; when none holds, the first of those that exists, so its faults are named.
// Which one step 4 deploys (`forDeploy`): the named one (it must hold), else the newest local one
// that holds — the learner's latest build.
import { existsSync, statSync } from 'node:fs';
import { join, relative, resolve, isAbsolute } from 'node:path';
import { GetFunctionCommand, type FunctionConfiguration } from '@aws-sdk/client-lambda';
import { unlessMissing, isUnreachable } from '../aws/errors.js';
import { downloadFunctionCode } from '../aws/function-code.js';
import type { Evidence } from '../checks/result.js';
import type { Text } from '../i18n/text.js';
import { buildDir, type StepContext } from './context.js';
import { codeSha256Of, inspectPackage, packageDigest, readPackageBytes } from './package-digests.js';
import { describeProblems, mib, type PackageInspection, type PackageRequirements } from './packaging/inspect-package.js';
import { hostTarget, lambdaTarget, type LambdaArchitecture } from './packaging/sharp-target.js';

export type PackageOrigin = 'named' | 'function-dir' | 'working-directory' | 'runner-build' | 'deployed';

export interface PackageCandidate {
  origin: PackageOrigin;
  /** Absolute path; absent for the deployed code. */
  path?: string;
  /** How the learner would name it: relative to the working directory when inside it. */
  shown: string;
  /** The package's bytes, read when needed (a local zip rewritten since it was inspected throws PackageChangedError). */
  readBytes(): Buffer;
  codeSha256: string;
  modifiedMs?: number;
  inspection: PackageInspection;
}

export type ChoiceReason = 'deployed' | 'named' | 'newest' | 'newest-that-holds' | 'only';

export interface PackageChoice {
  candidate: PackageCandidate;
  reason: ChoiceReason;
}

/** The deployed function as GetFunction shows it (undefined when there is none). */
export interface DeployedFunction {
  configuration: FunctionConfiguration;
  location?: string;
}

export interface FunctionPackages {
  /** Local packages found, in the order of the list above. */
  local: PackageCandidate[];
  deployed?: DeployedFunction;
  /** The deployed code, inspected, when it was needed and could be read. */
  deployedCode?: PackageCandidate;
  /** Why the deployed function could not be looked at (nothing answers, a download failed). */
  deployedProblem?: string;
  endpointUnreachable: boolean;
  requirements: PackageRequirements;
}

const ORIGIN: Record<PackageOrigin, Text> = {
  named: { en: 'the zip you named (--zip)', ja: '指定した zip (--zip)' },
  'function-dir': { en: 'your zip (--function-dir)', ja: 'あなたの zip (--function-dir)' },
  'working-directory': { en: 'your zip', ja: 'あなたの zip' },
  'runner-build': { en: "the runner's build", ja: 'ランナーのビルド' },
  deployed: { en: "the deployed function's code", ja: 'デプロイ済みの関数のコード' },
};

const REASON: Record<ChoiceReason, Text> = {
  deployed: { en: 'it is what is deployed', ja: 'デプロイされているものと同じ' },
  named: { en: 'you named it', ja: '指定されたもの' },
  newest: { en: 'the newest', ja: 'いちばん新しいもの' },
  'newest-that-holds': { en: 'the newest that holds', ja: '中身が正しいもののうち、いちばん新しいもの' },
  only: { en: 'the only one', ja: 'ほかに候補なし' },
};

/** What a package must be to run where the function runs now (the deployed architecture wins over --arch). */
export function packageRequirements(ctx: StepContext, deployedArch?: string): PackageRequirements {
  const fn = ctx.lesson.resources.function;
  if (ctx.endpoint.kind === 'builtin') {
    return { handler: fn.handler, target: hostTarget(), zipName: fn.zipFile, where: { en: 'this machine (the built-in endpoint runs functions here)', ja: 'このマシン (内蔵エンドポイントは関数をここで動かします)' } };
  }
  const arch: LambdaArchitecture = deployedArch === 'arm64' || deployedArch === 'x86_64' ? deployedArch : ctx.arch;
  return { handler: fn.handler, target: lambdaTarget(arch), zipName: fn.zipFile, where: { en: `Lambda's Linux ${arch}`, ja: `Lambda の Linux ${arch}` } };
}

/** The places a package may be, most explicit first, without duplicates. */
export function packagePlaces(ctx: StepContext): { origin: PackageOrigin; path: string }[] {
  const fn = ctx.lesson.resources.function;
  const places: { origin: PackageOrigin; path: string }[] = [];
  if (ctx.zip) places.push({ origin: 'named', path: resolve(ctx.cwd, ctx.zip) });
  if (ctx.functionDir) places.push({ origin: 'function-dir', path: resolve(ctx.cwd, ctx.functionDir, fn.zipFile) });
  places.push({ origin: 'working-directory', path: resolve(ctx.cwd, fn.sourceDir, fn.zipFile) });
  places.push({ origin: 'runner-build', path: resolve(join(buildDir(ctx.stateDir), fn.zipFile)) });
  return places.filter((place, index) => places.findIndex((p) => p.path === place.path) === index);
}

/** Set when --zip names something that is not a file: said, never silently passed over. */
export function namedZipProblem(ctx: StepContext): Text | undefined {
  if (!ctx.zip) return undefined;
  const path = resolve(ctx.cwd, ctx.zip);
  if (existsSync(path) && statSync(path).isFile()) return undefined;
  const what = existsSync(path) ? { en: 'is not a file', ja: 'はファイルではありません' } : { en: 'does not exist', ja: 'がありません' };
  return { en: `the zip you named (--zip ${ctx.zip}) ${what.en} (${path})`, ja: `指定した zip (--zip ${ctx.zip}) ${what.ja} (${path})` };
}

export function showPath(cwd: string, path: string): string {
  const rel = relative(cwd, path);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path;
}

async function readDeployed(ctx: StepContext): Promise<{ deployed?: DeployedFunction; problem?: string; unreachable: boolean }> {
  try {
    const got = await unlessMissing(ctx.aws.lambda.send(new GetFunctionCommand({ FunctionName: ctx.lesson.resources.function.name })), 'ResourceNotFoundException');
    if (!got?.Configuration) return { unreachable: false };
    return { deployed: { configuration: got.Configuration, ...(got.Code?.Location ? { location: got.Code.Location } : {}) }, unreachable: false };
  } catch (error) {
    return { problem: (error as Error).message, unreachable: isUnreachable(error) };
  }
}

/** Finds and inspects every local package, and looks at the deployed function. */
export async function findFunctionPackages(ctx: StepContext): Promise<FunctionPackages> {
  const { deployed, problem, unreachable } = await readDeployed(ctx);
  const requirements = packageRequirements(ctx, deployed?.configuration.Architectures?.[0]);
  const local: PackageCandidate[] = [];
  for (const place of packagePlaces(ctx)) {
    if (!existsSync(place.path) || !statSync(place.path).isFile()) continue;
    const digest = packageDigest(place.path);
    if (!digest) continue;
    const { codeSha256 } = digest;
    const readBytes = () => digest.bytes ?? readPackageBytes(place.path, codeSha256);
    local.push({
      origin: place.origin,
      path: place.path,
      shown: showPath(ctx.cwd, place.path),
      readBytes,
      codeSha256,
      modifiedMs: statSync(place.path).mtimeMs,
      inspection: await inspectPackage(codeSha256, requirements, readBytes),
    });
  }
  return { local, ...(deployed ? { deployed } : {}), ...(problem ? { deployedProblem: problem } : {}), endpointUnreachable: unreachable, requirements };
}

/** The deployed code, downloaded and inspected (only when nothing local establishes step 3). */
async function inspectDeployedCode(packages: FunctionPackages): Promise<void> {
  const deployed = packages.deployed;
  if (!deployed || packages.deployedCode) return;
  try {
    const bytes = await downloadFunctionCode(deployed.location);
    const requirements = { ...packages.requirements, handler: deployed.configuration.Handler ?? packages.requirements.handler };
    const codeSha256 = codeSha256Of(bytes);
    packages.deployedCode = { origin: 'deployed', shown: ORIGIN.deployed.en, readBytes: () => bytes, codeSha256, inspection: await inspectPackage(codeSha256, requirements, () => bytes) };
  } catch (error) {
    packages.deployedProblem = `could not read the deployed code: ${(error as Error).message}`;
  }
}

const newestFirst = (a: PackageCandidate, b: PackageCandidate) => (b.modifiedMs ?? 0) - (a.modifiedMs ?? 0);

/** The package that establishes step 3 (see the top of this file). */
export async function choiceForStep3(packages: FunctionPackages): Promise<PackageChoice | undefined> {
  const deployedSha = packages.deployed?.configuration.CodeSha256;
  const local = packages.local;
  const matching = local.find((c) => c.codeSha256 === deployedSha && c.inspection.ok);
  if (matching) return { candidate: matching, reason: 'deployed' };
  const named = local.find((c) => c.origin === 'named');
  if (named) return { candidate: named, reason: 'named' };
  const holding = newestChoice(local, true);
  if (holding) return holding;
  await inspectDeployedCode(packages);
  const deployedCode = packages.deployedCode;
  if (deployedCode?.inspection.ok && packages.deployed?.configuration.State === 'Active') return { candidate: deployedCode, reason: 'deployed' };
  return newestChoice(local, false) ?? (deployedCode ? { candidate: deployedCode, reason: 'deployed' } : undefined);
}

/** The newest local package (that holds, when `holding`), with why it is the one. */
function newestChoice(local: readonly PackageCandidate[], holding: boolean): PackageChoice | undefined {
  const sorted = [...local].sort(newestFirst);
  const chosen = holding ? sorted.find((c) => c.inspection.ok) : sorted[0];
  if (!chosen) return undefined;
  return { candidate: chosen, reason: local.length === 1 ? 'only' : chosen === sorted[0] ? 'newest' : 'newest-that-holds' };
}

/** The package step 4 deploys: the named one, else the newest local one that holds; else the newest, for its faults. */
export function choiceForDeploy(packages: FunctionPackages): PackageChoice | undefined {
  const named = packages.local.find((c) => c.origin === 'named');
  if (named) return { candidate: named, reason: 'named' };
  return newestChoice(packages.local, true) ?? newestChoice(packages.local, false);
}

/** "your zip lambda/image-processor/function.zip (the newest)" */
export function describeChoice(choice: PackageChoice): Text {
  const c = choice.candidate;
  const where = c.path ? ` ${c.shown}` : '';
  return { en: `${ORIGIN[c.origin].en}${where} (${REASON[choice.reason].en})`, ja: `${ORIGIN[c.origin].ja}${where} (${REASON[choice.reason].ja})` };
}

/** One evidence line per package looked at. */
export function packageEvidence(packages: FunctionPackages): Evidence[] {
  const lines: Evidence[] = [];
  for (const c of [...packages.local, ...(packages.deployedCode ? [packages.deployedCode] : [])]) {
    const i = c.inspection;
    const verdict = i.ok ? 'holds' : describeProblems(i).en;
    const sharp = i.sharp ? `, sharp ${i.sharp.version ?? '?'} ${i.sharp.platforms.join('+') || 'no natives'}` : '';
    const when = c.modifiedMs ? `, modified ${new Date(c.modifiedMs).toISOString()}` : '';
    lines.push({ label: `${c.shown} (${c.origin})`, value: `CodeSha256 ${c.codeSha256}, ${mib(i.zippedBytes)}${sharp}${when}: ${verdict}` });
  }
  if (packages.deployed) {
    const conf = packages.deployed.configuration;
    lines.push({ label: 'deployed', value: `CodeSha256 ${conf.CodeSha256 ?? '?'}, State ${conf.State ?? '?'}, Architectures ${(conf.Architectures ?? []).join(',') || '?'}` });
  }
  if (packages.deployedProblem) lines.push({ label: 'deployed', value: packages.deployedProblem });
  return lines;
}
