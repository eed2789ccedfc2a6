// Is step 3 done? A function package holds (function-package.ts says which one counts), and the
// verdict says which package, why that one, and precisely what is wrong when it does not hold.
import type { Evidence } from '../checks/result.js';
import type { Text } from '../i18n/text.js';
import type { StepContext } from './context.js';
import { choiceForStep3, describeChoice, findFunctionPackages, namedZipProblem, packageEvidence, packagePlaces, showPath, type FunctionPackages, type PackageChoice } from './function-package.js';
import { describeProblems } from './packaging/inspect-package.js';

export interface ArtifactVerdict {
  ok: boolean;
  message: Text;
  evidence: Evidence[];
  /** The package the verdict is about, when there is one. */
  package?: { origin: string; path?: string; shown: string; codeSha256: string; reason: string };
  /** Nothing local holds and the endpoint, which could have shown the deployed code, did not answer. */
  couldNotCheck?: boolean;
}

export async function verifyBuild(ctx: StepContext): Promise<ArtifactVerdict> {
  const named = namedZipProblem(ctx);
  if (named) return { ok: false, message: named, evidence: [] };
  const packages = await findFunctionPackages(ctx);
  const choice = await choiceForStep3(packages);
  const evidence = packageEvidence(packages);
  const zipName = ctx.lesson.resources.function.zipFile;
  if (!choice) {
    const looked = packagePlaces(ctx).map((p) => showPath(ctx.cwd, p.path)).join(', ');
    if (packages.endpointUnreachable) {
      return {
        ok: false,
        couldNotCheck: true,
        message: { en: `No ${zipName} here (looked at ${looked}), and the deployed function could not be looked at: nothing answers at ${ctx.endpoint.url}`, ja: `${zipName} が見つかりません (${looked} を確認)。デプロイ済みの関数も確認できません: ${ctx.endpoint.url} が応答しません` },
        evidence,
      };
    }
    return {
      ok: false,
      message: { en: `${zipName} has not been built yet (looked at ${looked}; no function is deployed either)`, ja: `${zipName} はまだビルドされていません (${looked} を確認。デプロイ済みの関数もありません)` },
      evidence,
    };
  }
  const chosen = describeChoice(choice);
  const c = choice.candidate;
  const info = { origin: c.origin, ...(c.path ? { path: c.path } : {}), shown: c.shown, codeSha256: c.codeSha256, reason: choice.reason };
  if (!c.inspection.ok) {
    const problems = describeProblems(c.inspection);
    return { ok: false, message: { en: `${chosen.en} cannot run as the function: ${problems.en}`, ja: `${chosen.ja} は関数として動きません: ${problems.ja}` }, evidence, package: info };
  }
  const holds = holdsText(choice, packages);
  const others = otherProblems(choice, packages);
  return { ok: true, message: { en: `${chosen.en}: ${holds.en}${others.en}`, ja: `${chosen.ja}: ${holds.ja}${others.ja}` }, evidence, package: info };
}

function holdsText(choice: PackageChoice, packages: FunctionPackages): Text {
  const i = choice.candidate.inspection;
  const target = packages.requirements.where;
  const sharp = i.sharp ? { en: ` and sharp ${i.sharp.version ?? ''} for ${target.en}`, ja: `、${target.ja} 用の sharp ${i.sharp.version ?? ''}` } : { en: '', ja: '' };
  const notes = i.notes.length ? { en: ` (${i.notes.map((n) => n.en).join(' ')})`, ja: ` (${i.notes.map((n) => n.ja).join(' ')})` } : { en: '', ja: '' };
  return {
    en: `holds ${i.handlerFile} with the handler's export${sharp.en}${notes.en}`,
    ja: `${i.handlerFile} (ハンドラーのエクスポートあり)${sharp.ja} が入っています${notes.ja}`,
  };
}

/** Packages that were not chosen but have faults: said, so a learner's own broken zip is never silently passed over. */
function otherProblems(choice: PackageChoice, packages: FunctionPackages): Text {
  const faulty = packages.local.filter((c) => c !== choice.candidate && !c.inspection.ok);
  if (faulty.length === 0) return { en: '', ja: '' };
  return {
    en: faulty.map((c) => `. Also found ${c.shown}, not used: ${describeProblems(c.inspection).en}`).join(''),
    ja: faulty.map((c) => `。${c.shown} もありますが使っていません: ${describeProblems(c.inspection).ja}`).join(''),
  };
}
