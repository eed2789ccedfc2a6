#!/usr/bin/env node
// `npm run build` (also run by `prepare`): the runner as people start it. One esbuild bundle with
// code splitting: dist/cli.js answers --version by itself and otherwise loads main.ts (argument
// parsing, what every command needs); each command, Ink, the SDK and the built-in endpoint are
// chunks in dist/chunks/ loaded by import() only when used, so --version costs little more than
// starting Node and the guided UI loads a few files instead of ~1,600 modules.
// tsc stays the type checker (npm run typecheck); it no longer writes dist/.
import { chmodSync, cpSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { compileLessons } from './compile-lessons.js';
import { projectRoot } from './lib/source-module.js';

const dist = join(projectRoot, 'dist');
// Stale chunks or an older tsc layout must not linger (and be found by something that still imports them).
rmSync(dist, { recursive: true, force: true });

const lessons = await compileLessons();
if (lessons.failures.length > 0) {
  for (const failure of lessons.failures) process.stderr.write(`${failure}\n`);
  process.stderr.write('build failed: fix the lesson above.\n');
  process.exit(1);
}

/**
 * Ink's layout engine (yoga-layout) carries its WebAssembly as a data: URL and, wherever fetch()
 * exists, fetches it: in Node that loads undici (~55 ms of CPU before the guided UI's first frame)
 * only to decode base64. A data: URL needs no fetch: the loader decodes it itself. The build fails
 * if a yoga-layout update changes the line, so the patch cannot silently stop applying.
 */
const yogaWithoutFetch = {
  name: 'yoga-without-fetch',
  setup(esbuild) {
    esbuild.onLoad({ filter: /yoga-layout[\\/]dist[\\/]binaries[\\/]yoga-wasm-base64-esm\.js$/ }, ({ path }) => {
      const source = readFileSync(path, 'utf8');
      const fetching = 'function ya(){return w||"function"!=typeof fetch?';
      if (!source.includes(fetching)) throw new Error(`${path}: the wasm loader changed; review the yoga-without-fetch patch in scripts/build.js`);
      return { contents: source.replace(fetching, 'function ya(){return w||ua(H)||"function"!=typeof fetch?'), loader: 'js' };
    });
  },
};

const result = await build({
  entryPoints: { cli: join(projectRoot, 'src', 'cli.ts') },
  outdir: dist,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  chunkNames: 'chunks/[name]-[hash]',
  // The ESM builds of packages that ship both (the AWS SDK): an import() of a CommonJS module in a
  // split bundle would resolve to its exports under `default` only (S3Client undefined).
  mainFields: ['module', 'main'],
  // sharp (native) and esbuild (a binary) are used from node_modules, as the function's packaging
  // resolves them there. react-devtools-core is not installed: Ink imports it only with DEV=true,
  // from a chunk of its own, and reports its absence itself.
  external: ['sharp', 'esbuild', 'react-devtools-core'],
  // React and its reconciler pick their build by NODE_ENV at run time; unset, that is the development
  // build (1.1 MB of react-reconciler on the guided UI's first frame, with checks meant for React
  // developers). The bundle is what learners run: the production build only.
  define: { 'process.env.NODE_ENV': '"production"' },
  // CommonJS packages inside an ESM bundle call require() for Node's built-ins.
  banner: { js: "import { createRequire as __bundleRequire } from 'node:module'; const require = __bundleRequire(import.meta.url);" },
  plugins: [yogaWithoutFetch],
  metafile: true,
  logLevel: 'warning',
});

// A CommonJS package reached through import() becomes a chunk exporting only `default`: its named
// exports would be undefined at run time. Refuse such a build (give the package's ESM build, or
// import it statically).
const cjsOnlyDefault = Object.keys(result.metafile.outputs).filter((file) => /^export default require_\w+\(\);$/m.test(readFileSync(join(projectRoot, file), 'utf8')));
if (cjsOnlyDefault.length > 0) {
  process.stderr.write(`build failed: these chunks expose a CommonJS module only as its default export:\n  ${cjsOnlyDefault.join('\n  ')}\n`);
  process.exit(1);
}

// Beside the bundle, in the layout src/ has (package-root.ts codePath): the function runtime's
// bootstrap runs in each function's own worker process, as plain JS files.
const bootstrap = join('endpoint', 'lambda', 'runtime', 'bootstrap');
mkdirSync(join(dist, bootstrap), { recursive: true });
for (const name of readdirSync(join(projectRoot, 'src', bootstrap))) {
  if (name.endsWith('.cjs') || name.endsWith('.mjs')) cpSync(join(projectRoot, 'src', bootstrap, name), join(dist, bootstrap, name));
}
chmodSync(join(dist, 'cli.js'), 0o755);

// What went where, for the start-up test and for anyone asking why a chunk is large (not shipped).
const cache = join(projectRoot, 'node_modules', '.cache', 'serverless-tutorial');
mkdirSync(cache, { recursive: true });
writeFileSync(join(cache, 'build-meta.json'), JSON.stringify(result.metafile));
process.stdout.write(`built dist/: cli.js, ${Object.keys(result.metafile.outputs).filter((f) => f.includes('/chunks/')).length} chunks, lessons ${lessons.ids.join(', ')}\n`);
