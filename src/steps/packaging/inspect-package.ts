// Is a zip a deployment package that can run the lesson's function where it will run? Whoever made
// it (the runner, the lesson's commands, init's deploy-lambda.sh, another tool), the same questions:
//   - a readable zip within Lambda's limits (50 MB zipped for a direct upload, 250 MB unzipped);
//   - the handler's file at the top level (`index.handler` → index.js / index.mjs / index.cjs), not
//     under a folder such as dist/; the export it names (a static look, see handler-module.ts);
//   - when the code loads sharp: sharp at the top level with its native part for the platform the
//     function runs on (Lambda's Linux of the function's architecture on LocalStack/AWS; this
//     machine on the built-in endpoint, which runs functions here).
// Each problem says precisely what is wrong and the command that fixes it, in both languages.
import { statSync } from 'node:fs';
import type { Text } from '../../i18n/text.js';
import { findExport, handlerFileCandidates, importsPackage, parseHandler, usesEsmSyntax } from './handler-module.js';
import { readZip, type ZipReading } from './read-zip.js';
import { runtimePlatformArch, type SharpTarget } from './sharp-target.js';

/** Lambda's limits for a package uploaded directly (ZipFile), as AWS enforces them. */
export const LAMBDA_ZIPPED_LIMIT = 52_428_800;
export const LAMBDA_UNZIPPED_LIMIT = 262_144_000;

export interface PackageRequirements {
  /** The function's handler setting, e.g. `index.handler`. */
  handler: string;
  /** Where the function runs: sharp's natives must be built for it. */
  target: SharpTarget;
  /** That place, for people: "Lambda x86_64 (LocalStack)", "this machine (the built-in endpoint)". */
  where: Text;
  /** The zip's file name, for the commands in messages (`function.zip`). */
  zipName: string;
}

export type PackageProblemCode =
  | 'not-a-zip'
  | 'too-large-zipped'
  | 'too-large-unzipped'
  | 'handler-nested'
  | 'handler-missing'
  | 'export-missing'
  | 'esm-in-commonjs'
  | 'sharp-nested'
  | 'sharp-missing'
  | 'sharp-natives-missing'
  | 'sharp-wrong-platform'
  | 'sharp-libvips-missing';

export interface PackageProblem {
  code: PackageProblemCode;
  text: Text;
}

export interface PackageInspection {
  ok: boolean;
  problems: PackageProblem[];
  /** What did not fail the package but is worth saying (an export the static look could not confirm). */
  notes: Text[];
  zippedBytes: number;
  unzippedBytes: number;
  entryCount: number;
  /** The handler's file at the top level, when there. */
  handlerFile?: string;
  /** sharp in the package: its version and the platforms its natives are for (`linux-x64`…). */
  sharp?: { version?: string; platforms: string[] };
}

const SCRIPT = /\.(?:js|mjs|cjs)$/;
const NATIVE = /^node_modules\/@img\/sharp-([a-z0-9]+-[a-z0-9]+)\/.*\.node$/;
const LIBVIPS = /^node_modules\/@img\/sharp-libvips-([a-z0-9]+-[a-z0-9]+)\/lib\/[^/]+$/;

export async function inspectFunctionPackage(source: string | Buffer, req: PackageRequirements): Promise<PackageInspection> {
  const zippedBytes = typeof source === 'string' ? statSync(source).size : source.length;
  const handlerFiles = handlerFileCandidates(req.handler);
  let zip: ZipReading;
  try {
    zip = await readZip(source, {
      wantContent: (e) =>
        handlerFiles.includes(e.name) || e.name === 'package.json' || e.name === 'node_modules/sharp/package.json' || (SCRIPT.test(e.name) && !e.name.includes('node_modules/')),
    });
  } catch (error) {
    const reason = (error as Error).message;
    return {
      ok: false,
      problems: [{ code: 'not-a-zip', text: { en: `it is not a zip file (${reason}). Make it from inside dist: ${zipCommand(req.zipName)}`, ja: `zip ファイルではありません (${reason})。dist の中から作ってください: ${zipCommand(req.zipName)}` } }],
      notes: [],
      zippedBytes,
      unzippedBytes: 0,
      entryCount: 0,
    };
  }
  const files = zip.entries.filter((e) => !e.isDirectory);
  const names = new Set(files.map((e) => e.name));
  const unzippedBytes = files.reduce((sum, e) => sum + e.size, 0);
  const problems: PackageProblem[] = [];
  const notes: Text[] = [];

  if (zippedBytes > LAMBDA_ZIPPED_LIMIT) {
    problems.push({ code: 'too-large-zipped', text: { en: `it is ${mib(zippedBytes)} zipped; Lambda takes at most 50 MB uploaded directly. Leave out what the function does not load (dev dependencies, source maps, other platforms' sharp).`, ja: `圧縮後のサイズが ${mib(zippedBytes)} あります。Lambda に直接アップロードできるのは 50 MB までです。関数が読み込まないもの (開発用の依存、ソースマップ、ほかのプラットフォーム用の sharp) を外してください。` } });
  }
  if (unzippedBytes >= LAMBDA_UNZIPPED_LIMIT) {
    problems.push({ code: 'too-large-unzipped', text: { en: `it is ${mib(unzippedBytes)} unzipped; Lambda takes at most 250 MB.`, ja: `展開後のサイズが ${mib(unzippedBytes)} あります。Lambda の上限は 250 MB です。` } });
  }

  const handlerFile = handlerFiles.find((f) => names.has(f));
  const { exportName } = parseHandler(req.handler);
  if (!handlerFile) {
    const nested = [...names].find((n) => !n.includes('node_modules/') && handlerFiles.some((f) => n.endsWith(`/${f}`)));
    if (nested) {
      const dir = nested.slice(0, nested.lastIndexOf('/'));
      const file = nested.slice(dir.length + 1);
      problems.push({ code: 'handler-nested', text: {
        en: `${file} is under ${dir}/, but the handler ${req.handler} needs it at the top of the zip: zip from inside ${dir} (rm -f ${req.zipName}; cd ${dir} && zip -r ../${req.zipName} ${file} node_modules)`,
        ja: `${file} が ${dir}/ の下にあります。ハンドラー ${req.handler} で動かすには zip の最上位に置く必要があります: ${dir} の中から zip にしてください (rm -f ${req.zipName}; cd ${dir} && zip -r ../${req.zipName} ${file} node_modules)`,
      } });
    } else {
      problems.push({ code: 'handler-missing', text: {
        en: `it has no ${handlerFiles.join(' / ')} at the top level, which the handler ${req.handler} loads. Bundle the function into dist/index.js, then make the zip from inside dist: ${zipCommand(req.zipName)}`,
        ja: `ハンドラー ${req.handler} が読み込む ${handlerFiles.join(' / ')} が zip の最上位にありません。関数を dist/index.js にバンドルしてから、dist の中から zip にしてください: ${zipCommand(req.zipName)}`,
      } });
    }
  } else {
    const code = zip.contents.get(handlerFile)?.toString('utf8');
    const finding = code === undefined ? 'unknown' : findExport(code, exportName);
    if (finding === 'missing') {
      problems.push({ code: 'export-missing', text: {
        en: `${handlerFile} does not export ${exportName}, which the handler ${req.handler} calls (export const ${exportName} = … in src/index.ts, then bundle again).`,
        ja: `${handlerFile} が ${exportName} をエクスポートしていません。ハンドラー ${req.handler} はこれを呼び出します (src/index.ts で export const ${exportName} = … としてから、もう一度バンドルしてください)。`,
      } });
    } else if (finding === 'unknown') {
      notes.push({ en: `${handlerFile}'s ${exportName} export could not be confirmed by reading it (it is made at run time or re-exported); the first invocation will tell.`, ja: `${handlerFile} の ${exportName} のエクスポートは、ファイルを読むだけでは確認できませんでした (実行時に作られるか、別ファイルからの再エクスポートです)。最初の実行で分かります。` });
    }
    if (code !== undefined && handlerFile.endsWith('.js') && usesEsmSyntax(code) && !isTypeModule(zip.contents.get('package.json'))) {
      problems.push({ code: 'esm-in-commonjs', text: {
        en: `${handlerFile} is written as an ES module (import/export), but Node loads a .js file as CommonJS unless a package.json beside it says "type": "module". Bundle with esbuild --platform=node (CommonJS, as the lesson does), or name it index.mjs.`,
        ja: `${handlerFile} は ES モジュール (import/export) の書き方ですが、横に "type": "module" の package.json がない .js は CommonJS として読み込まれます。レッスンのとおり esbuild --platform=node で (CommonJS に) バンドルするか、index.mjs という名前にしてください。`,
      } });
    }
  }

  const sharp = inspectSharp(zip, names, req, problems);
  return { ok: problems.length === 0, problems, notes, zippedBytes, unzippedBytes, entryCount: files.length, ...(handlerFile ? { handlerFile } : {}), ...(sharp ? { sharp } : {}) };
}

function inspectSharp(zip: ZipReading, names: Set<string>, req: PackageRequirements, problems: PackageProblem[]): PackageInspection['sharp'] {
  const loadsSharp = [...zip.contents].some(([name, data]) => SCRIPT.test(name) && !name.includes('node_modules/') && importsPackage(data.toString('utf8'), 'sharp'));
  const manifest = zip.contents.get('node_modules/sharp/package.json');
  const platforms = [...new Set([...names].map((n) => NATIVE.exec(n)?.[1]).filter((p): p is string => p !== undefined))].sort();
  const found = manifest ? { version: readManifest(manifest)?.version, platforms } : undefined;
  if (!loadsSharp) return found;
  const install = installCommand(req.target);
  if (!manifest) {
    const nested = [...names].find((n) => n.endsWith('/node_modules/sharp/package.json') && !n.slice(0, -'/node_modules/sharp/package.json'.length).includes('node_modules'));
    if (nested) {
      const dir = nested.slice(0, -'/node_modules/sharp/package.json'.length);
      problems.push({ code: 'sharp-nested', text: {
        en: `sharp is under ${dir}/node_modules, but Node looks for it in node_modules at the top of the zip: zip from inside ${dir} (cd ${dir} && zip -r ../${req.zipName} index.js node_modules)`,
        ja: `sharp が ${dir}/node_modules の下にありますが、Node は zip の最上位の node_modules から探します: ${dir} の中から zip にしてください (cd ${dir} && zip -r ../${req.zipName} index.js node_modules)`,
      } });
    } else {
      problems.push({ code: 'sharp-missing', text: {
        en: `the code loads sharp, but the zip has no node_modules/sharp. Install it beside the bundle before zipping: ${install}`,
        ja: `コードは sharp を読み込みますが、zip に node_modules/sharp がありません。zip にする前にバンドルの横へ入れてください: ${install}`,
      } });
    }
    return found;
  }
  const needed = runtimePlatformArch(req.target);
  if (platforms.includes(needed) || platforms.includes('wasm32')) {
    const optional = readManifest(manifest)?.optionalDependencies ?? {};
    const libvips = `@img/sharp-libvips-${needed}`;
    const needsLibvips = platforms.includes(needed) && (Object.hasOwn(optional, libvips) || Object.keys(optional).length === 0) && req.target.platform !== 'win32';
    const haveLibvips = [...names].some((n) => LIBVIPS.exec(n)?.[1] === needed);
    if (needsLibvips && !haveLibvips) {
      problems.push({ code: 'sharp-libvips-missing', text: {
        en: `sharp's native part for ${needed} is there, but not the libvips it links to (node_modules/${libvips}). Install sharp again with npm so both come: ${install}`,
        ja: `${needed} 用の sharp のネイティブ部分はありますが、それが使う libvips (node_modules/${libvips}) がありません。npm で sharp を入れ直すと両方そろいます: ${install}`,
      } });
    }
    return found;
  }
  if (platforms.length === 0) {
    problems.push({ code: 'sharp-natives-missing', text: {
      en: `sharp is in the zip without its native part for ${needed} (node_modules/@img/sharp-${needed}), which the function needs on ${req.where.en}: ${install}`,
      ja: `zip の sharp には ${needed} 用のネイティブ部分 (node_modules/@img/sharp-${needed}) がありません。${req.where.ja} で動かすには必要です: ${install}`,
    } });
  } else {
    problems.push({ code: 'sharp-wrong-platform', text: {
      en: `sharp in the zip is built for ${platforms.join(', ')}, but the function runs on ${req.where.en}, which needs ${needed}: ${install}`,
      ja: `zip の sharp は ${platforms.join('、')} 用ですが、関数は ${req.where.ja} で動くため ${needed} 用が必要です: ${install}`,
    } });
  }
  return found;
}

/**
 * The lesson's commands that install sharp for `target` beside the bundle in dist/ (dist made a
 * package of its own rather than --prefix dist, which would skip npm's global config).
 */
export function installCommand(target: SharpTarget): string {
  return `echo '{}' > dist/package.json; (cd dist && npm install --no-save --os=${target.platform} --cpu=${target.arch}${target.libc ? ` --libc=${target.libc}` : ''} sharp)`;
}

/** The lesson's zip command, run in the function's folder. */
const zipCommand = (zipName: string) => `rm -f ${zipName}; (cd dist && zip -r ../${zipName} index.js node_modules)`;

interface Manifest {
  version?: string;
  type?: string;
  optionalDependencies?: Record<string, string>;
}

function readManifest(data: Buffer): Manifest | undefined {
  try {
    const parsed = JSON.parse(data.toString('utf8')) as unknown;
    return parsed && typeof parsed === 'object' ? (parsed as Manifest) : undefined;
  } catch {
    return undefined;
  }
}

function isTypeModule(data: Buffer | undefined): boolean {
  return data !== undefined && readManifest(data)?.type === 'module';
}

export function mib(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** All problems as one sentence per language. */
export function describeProblems(inspection: PackageInspection): Text {
  return { en: inspection.problems.map((p) => p.text.en).join(' Also, '), ja: inspection.problems.map((p) => p.text.ja).join(' また、') };
}
