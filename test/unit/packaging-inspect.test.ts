// A function package made by hand, as the lesson's step 3 commands make it (esbuild, then
// `cd dist && zip -r ../function.zip index.js node_modules`), is accepted; each way a learner gets
// it wrong is named with the command that fixes it: index.js under dist/, sharp without its
// natives, sharp for another architecture, not a zip, no handler export, ES module syntax in a
// CommonJS file, sharp under dist/node_modules.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inspectFunctionPackage, type PackageRequirements } from '../../src/steps/packaging/inspect-package.js';
import { findExport } from '../../src/steps/packaging/handler-module.js';
import { lambdaTarget } from '../../src/steps/packaging/sharp-target.js';
import { tempDir } from '../helpers/endpoint.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const sharpManifest = readFileSync(join(root, 'node_modules/sharp/package.json'));
const x86: PackageRequirements = { handler: 'index.handler', target: lambdaTarget('x86_64'), where: { en: "Lambda's Linux x86_64", ja: 'Lambda の Linux x86_64' }, zipName: 'function.zip' };

let work: string;
let bundle: Buffer;

beforeAll(async () => {
  work = tempDir('st-inspect-');
  // The lesson's own bundle command: one CommonJS file, sharp left outside.
  const out = await build({
    entryPoints: [join(root, 'lambda/image-processor/src/index.ts')],
    bundle: true,
    platform: 'node',
    target: 'node20',
    external: ['sharp', '@aws-sdk/*'],
    write: false,
    logLevel: 'silent',
  });
  bundle = Buffer.from(out.outputFiles[0].contents);
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** A project folder with dist/ as the lesson's commands leave it; `natives` names sharp's platform-arch. */
function project(name: string, options: { natives?: string | null; index?: string } = {}): string {
  const dir = join(work, name);
  const dist = join(dir, 'dist');
  mkdirSync(join(dist, 'node_modules/sharp'), { recursive: true });
  writeFileSync(join(dist, 'index.js'), options.index ?? bundle);
  writeFileSync(join(dist, 'node_modules/sharp/package.json'), sharpManifest);
  const natives = options.natives === undefined ? 'linux-x64' : options.natives;
  if (natives) {
    mkdirSync(join(dist, `node_modules/@img/sharp-${natives}/lib`), { recursive: true });
    writeFileSync(join(dist, `node_modules/@img/sharp-${natives}/lib/sharp-${natives}-0.35.5.node`), Buffer.from([0x7f, 0x45, 0x4c, 0x46]));
    mkdirSync(join(dist, `node_modules/@img/sharp-libvips-${natives}/lib`), { recursive: true });
    writeFileSync(join(dist, `node_modules/@img/sharp-libvips-${natives}/lib/libvips-cpp.so.8.18.7`), Buffer.from([0x7f, 0x45, 0x4c, 0x46]));
  }
  return dir;
}

/** The lesson's zip command, run where the lesson runs it. */
function zipFromDist(dir: string): string {
  execFileSync('zip', ['-qr', '../function.zip', 'index.js', 'node_modules'], { cwd: join(dir, 'dist') });
  return join(dir, 'function.zip');
}

describe('inspecting a hand-made function package', () => {
  it('accepts the package the lesson commands make, naming its handler file and sharp', async () => {
    const inspection = await inspectFunctionPackage(zipFromDist(project('good')), x86);
    expect(inspection.problems).toEqual([]);
    expect(inspection.ok).toBe(true);
    expect(inspection.handlerFile).toBe('index.js');
    expect(inspection.sharp).toEqual({ version: JSON.parse(sharpManifest.toString()).version, platforms: ['linux-x64'] });
  });

  it('names index.js under dist/ and says to zip from inside dist', async () => {
    const dir = project('dist-layout');
    execFileSync('zip', ['-qr', 'function.zip', 'dist'], { cwd: dir });
    const inspection = await inspectFunctionPackage(join(dir, 'function.zip'), x86);
    expect(inspection.ok).toBe(false);
    expect(inspection.problems.map((p) => p.code)).toEqual(['handler-nested', 'sharp-nested']);
    expect(inspection.problems[0].text.en).toBe(
      'index.js is under dist/, but the handler index.handler needs it at the top of the zip: zip from inside dist (rm -f function.zip; cd dist && zip -r ../function.zip index.js node_modules)',
    );
    expect(inspection.problems[0].text.ja).toContain('dist/ の下にあります');
  });

  it('names sharp without its native part and gives the install command for the function architecture', async () => {
    const inspection = await inspectFunctionPackage(zipFromDist(project('no-natives', { natives: null })), x86);
    expect(inspection.problems.map((p) => p.code)).toEqual(['sharp-natives-missing']);
    expect(inspection.problems[0].text.en).toContain('without its native part for linux-x64 (node_modules/@img/sharp-linux-x64)');
    expect(inspection.problems[0].text.en).toContain("echo '{}' > dist/package.json; (cd dist && npm install --no-save --os=linux --cpu=x64 --libc=glibc sharp)");
  });

  it('names sharp built for another architecture', async () => {
    const zip = zipFromDist(project('arm', { natives: 'linux-arm64' }));
    const inspection = await inspectFunctionPackage(zip, x86);
    expect(inspection.problems.map((p) => p.code)).toEqual(['sharp-wrong-platform']);
    expect(inspection.problems[0].text.en).toBe(
      "sharp in the zip is built for linux-arm64, but the function runs on Lambda's Linux x86_64, which needs linux-x64: echo '{}' > dist/package.json; (cd dist && npm install --no-save --os=linux --cpu=x64 --libc=glibc sharp)",
    );
    // The same package is right for an arm64 function.
    const arm = await inspectFunctionPackage(zip, { ...x86, target: lambdaTarget('arm64'), where: { en: "Lambda's Linux arm64", ja: 'Lambda の Linux arm64' } });
    expect(arm.problems).toEqual([]);
  });

  it('names a missing libvips beside sharp natives', async () => {
    const dir = project('no-libvips');
    rmSync(join(dir, 'dist/node_modules/@img/sharp-libvips-linux-x64'), { recursive: true });
    const inspection = await inspectFunctionPackage(zipFromDist(dir), x86);
    expect(inspection.problems.map((p) => p.code)).toEqual(['sharp-libvips-missing']);
  });

  it('says a file that is not a zip is not one', async () => {
    const file = join(work, 'not-a-zip.zip');
    writeFileSync(file, 'index.js\n');
    const inspection = await inspectFunctionPackage(file, x86);
    expect(inspection.problems.map((p) => p.code)).toEqual(['not-a-zip']);
    expect(inspection.problems[0].text.en).toMatch(/^it is not a zip file \(.+\)\. Make it from inside dist: rm -f function\.zip; \(cd dist && zip -r \.\.\/function\.zip index\.js node_modules\)$/);
  });

  it('names a bundle without the handler export, and ES module syntax in a CommonJS file', async () => {
    const missing = await inspectFunctionPackage(zipFromDist(project('no-export', { index: 'const sharp = require("sharp");\nexports.main = async () => 1;\n' })), x86);
    expect(missing.problems.map((p) => p.code)).toEqual(['export-missing']);
    expect(missing.problems[0].text.en).toContain('index.js does not export handler');
    const esm = await inspectFunctionPackage(zipFromDist(project('esm', { index: 'import sharp from "sharp";\nexport const handler = async () => 1;\n' })), x86);
    expect(esm.problems.map((p) => p.code)).toEqual(['esm-in-commonjs']);
  });

  it('a handler that loads no sharp needs none', async () => {
    const inspection = await inspectFunctionPackage(zipFromDist(project('plain', { natives: null, index: 'exports.handler = async () => "ok";\n' })), x86);
    expect(inspection.problems).toEqual([]);
  });

  it('names sharp under dist/node_modules when index.js is at the top', async () => {
    const dir = project('split');
    renameSync(join(dir, 'dist/index.js'), join(dir, 'index.js'));
    execFileSync('zip', ['-qr', 'function.zip', 'index.js', 'dist/node_modules'], { cwd: dir });
    const inspection = await inspectFunctionPackage(join(dir, 'function.zip'), x86);
    expect(inspection.problems.map((p) => p.code)).toEqual(['sharp-nested']);
    expect(inspection.problems[0].text.en).toContain('sharp is under dist/node_modules');
  });
});

describe('finding the handler export by reading the file', () => {
  it.each([
    ['exports.handler = async () => 1;', 'found'],
    ['module.exports = { handler, other };', 'found'],
    ['module.exports.handler = function () {};', 'found'],
    ['Object.defineProperty(exports, "handler", { get: () => h });', 'found'],
    ['__export(src_exports, {\n  handler: () => handler\n});', 'found'],
    ['var a={};e(a,{handler:()=>x});module.exports=t(a);', 'found'],
    ['export const handler = async () => 1;', 'found'],
    ['export async function handler(event) {}', 'found'],
    ['const run = 1; export { run as handler };', 'found'],
    ['export { handler as main };', 'missing'],
    ['exports.main = () => 1;', 'missing'],
    ['module.exports = require("./app");', 'unknown'],
    ['export * from "./app.js";', 'unknown'],
  ])('%s → %s', (source, expected) => {
    expect(findExport(source, 'handler')).toBe(expected);
  });
});
