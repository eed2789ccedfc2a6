'use strict';
// Module resolution for a function's code, as on a real Lambda: packages come from the function's
// own directory (its task root) and nowhere above it, so a function never silently picks up the
// project's node_modules (e.g. a host-built sharp). The one exception is `@aws-sdk/*` v3, which the
// real Node.js runtimes provide: when the function does not bundle it, it resolves from the
// runner's installed SDK (sdkRoot). Both require() (CommonJS) and import (ES modules, through a
// resolve hook registered with module.register) follow the rule.
//
// Plain JavaScript on purpose: it runs inside the worker process, which executes no TypeScript.

const Module = require('node:module');
const path = require('node:path');
const { pathToFileURL } = require('node:url');

function isInside(file, dir) {
  return file === dir || file.startsWith(dir + path.sep);
}

/** `lodash`, `@aws-sdk/client-s3/x`: not relative, absolute, `#imports` or a URL (`node:`, `file:`). */
function isBareSpecifier(specifier) {
  return !(
    specifier.startsWith('.') ||
    specifier.startsWith('/') ||
    specifier.startsWith('#') ||
    /^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(specifier)
  );
}

function isAwsSdk(specifier) {
  return specifier.startsWith('@aws-sdk/');
}

/** Node's own error for a module that cannot be found, with its require stack. */
function moduleNotFound(request, parent) {
  const stack = [];
  for (let cursor = parent; cursor && stack.length < 20; cursor = cursor.parent) {
    if (cursor.filename) stack.push(cursor.filename);
  }
  const error = new Error(`Cannot find module '${request}'${stack.length ? `\nRequire stack:\n- ${stack.join('\n- ')}` : ''}`);
  error.code = 'MODULE_NOT_FOUND';
  error.requireStack = stack;
  return error;
}

/**
 * @param {{ taskRoot: string, sdkRoot: string }} options  real paths: the function's directory,
 *   and a directory whose node_modules holds the runner's @aws-sdk packages.
 */
function installModuleGuard({ taskRoot, sdkRoot }) {
  const originalNodeModulePaths = Module._nodeModulePaths;
  // node_modules lookups from inside the task root stop at the task root.
  Module._nodeModulePaths = function (from) {
    const paths = originalNodeModulePaths.call(this, from);
    return isInside(path.resolve(from), taskRoot) ? paths.filter((p) => isInside(p, taskRoot)) : paths;
  };

  const originalResolveFilename = Module._resolveFilename;
  Module._resolveFilename = function (request, parent, isMain, options) {
    const fromFunction = parent && typeof parent.filename === 'string' && isInside(parent.filename, taskRoot);
    if (!fromFunction || !isBareSpecifier(request) || Module.isBuiltin(request)) {
      return originalResolveFilename.call(this, request, parent, isMain, options);
    }
    let resolved;
    let failure;
    try {
      resolved = originalResolveFilename.call(this, request, parent, isMain, options);
    } catch (error) {
      failure = error;
    }
    // Global paths (NODE_PATH, ~/.node_modules) could still point outside: only the task root counts.
    if (resolved !== undefined && isInside(resolved, taskRoot)) return resolved;
    if (isAwsSdk(request)) return originalResolveFilename.call(this, request, parent, isMain, { paths: [sdkRoot] });
    throw failure ?? moduleNotFound(request, parent);
  };

  Module.register(pathToFileURL(path.join(__dirname, 'esm-resolve-hooks.mjs')), {
    data: {
      taskRootUrl: pathToFileURL(taskRoot + path.sep).href,
      // Any file URL inside sdkRoot: resolution from it finds sdkRoot/node_modules/@aws-sdk/*.
      sdkAnchorUrl: pathToFileURL(path.join(sdkRoot, 'aws-sdk-anchor.js')).href,
    },
  });
}

module.exports = { installModuleGuard, isInside };
