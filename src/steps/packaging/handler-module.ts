// What a handler setting (`index.handler`, `src/app.main`) asks of a package: which file the
// Node.js runtime loads and which export it calls; and a static look at a file's source for that
// export. Static on purpose: nothing from a learner's zip is run to confirm a build.
//
// What the static look can miss (it then answers "unknown", never "missing"): exports made at run
// time (`exports[name] = …`, `Object.assign(module.exports, …)`), re-exports from another file
// (`module.exports = require('./app')`, `export * from './app.js'`). It cannot tell whether the
// export is a function, nor whether the module loads at all (a throw at import time, a missing
// dependency): the first invocation shows those.

export interface HandlerModule {
  /** The module path without extension, e.g. `index` or `src/app`. */
  modulePath: string;
  /** The export the runtime calls, e.g. `handler` (`a.b` for nested). */
  exportName: string;
}

export function parseHandler(handler: string): HandlerModule {
  const dot = handler.lastIndexOf('.');
  return dot > 0 ? { modulePath: handler.slice(0, dot), exportName: handler.slice(dot + 1) } : { modulePath: handler, exportName: '' };
}

/** The files the runtime would load for `handler`, in its order: `index.handler` → index.js, index.mjs, index.cjs. */
export function handlerFileCandidates(handler: string): string[] {
  const { modulePath } = parseHandler(handler);
  return ['.js', '.mjs', '.cjs'].map((ext) => `${modulePath}${ext}`);
}

export type ExportFinding = 'found' | 'missing' | 'unknown';

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Whether `source` (a handler file) exports `name`, by the forms bundlers and people write. */
export function findExport(source: string, name: string): ExportFinding {
  const n = escape(name.split('.')[0]);
  const direct = [
    // CommonJS
    new RegExp(String.raw`\b(?:module\.)?exports\s*\.\s*${n}\s*=`),
    new RegExp(String.raw`\b(?:module\.)?exports\s*\[\s*["'\`]${n}["'\`]\s*\]\s*=`),
    new RegExp(String.raw`\bmodule\.exports\s*=\s*\{[^}]*\b${n}\b`),
    new RegExp(String.raw`Object\.defineProperty\(\s*(?:module\.)?exports\s*,\s*["']${n}["']`),
    // esbuild's CommonJS output: __export(src_exports, { handler: () => handler })
    new RegExp(String.raw`(?:^|[{,\s])${n}\s*:\s*\(\)\s*=>`, 'm'),
    // ES modules
    new RegExp(String.raw`\bexport\s+(?:async\s+)?function\s*\*?\s*${n}\b`),
    new RegExp(String.raw`\bexport\s+(?:const|let|var|class)\s+${n}\b`),
  ];
  if (direct.some((pattern) => pattern.test(source))) return 'found';
  for (const list of source.matchAll(/\bexport\s*\{([^}]*)\}/g)) {
    const exported = list[1].split(',').map((item) => item.trim().split(/\s+as\s+/).pop()?.trim());
    if (exported.includes(name.split('.')[0])) return 'found';
  }
  const indirect = [
    /\bmodule\.exports\s*=\s*require\s*\(/,
    /\bexport\s*\*\s*from\b/,
    /Object\.assign\s*\(\s*(?:module\.)?exports\b/,
    /\b(?:module\.)?exports\s*\[\s*[^"'`\s]/,
  ];
  return indirect.some((pattern) => pattern.test(source)) ? 'unknown' : 'missing';
}

/** ES module syntax at the top level of a file (an `export` or `import … from` statement). */
export function usesEsmSyntax(source: string): boolean {
  return /^\s*export\s+(?:async\s+|default\s+|function\b|const\b|let\b|var\b|class\b|\{|\*)/m.test(source) || /^\s*import\s+[\w{*][^;]*\sfrom\s*["']/m.test(source);
}

/** The file loads or imports the package `name` (require, import, dynamic import). */
export function importsPackage(source: string, name: string): boolean {
  const n = escape(name);
  return new RegExp(String.raw`(?:\brequire\s*\(\s*|\bimport\s*\(\s*|\bfrom\s*|\bimport\s+)["'\`]${n}(?:/[^"'\`]*)?["'\`]`).test(source);
}
