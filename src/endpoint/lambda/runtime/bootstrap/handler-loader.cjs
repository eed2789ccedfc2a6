'use strict';
// Finds a function's handler from its handler string (`path/file.export.nested`) the way Lambda's
// Node.js runtime does, and reports failures with the runtime's error types:
//   Runtime.MalformedHandlerName  'Bad handler', or a handler containing '..'
//   Runtime.ImportModuleError     the module (or a module it requires) cannot be found
//   Runtime.UserCodeSyntaxError   the module does not parse
//   Runtime.HandlerNotFound       '<handler> is undefined or not exported' / 'is not a function'
// File resolution order: the name as given (no extension), then `.js` (CommonJS unless the nearest
// package.json says "type": "module"), then `.js` as ESM, `.mjs`, `.cjs`, then a package of that
// name in the task root's node_modules.

const fs = require('node:fs');
const path = require('node:path');
const { pathToFileURL } = require('node:url');
const { isInside } = require('./module-guard.cjs');

/** Error classes named like the runtime's own, so `name`, stack headers and errorType match. */
function runtimeError(type) {
  const ErrorClass = class extends Error {};
  Object.defineProperty(ErrorClass.prototype, 'name', { value: `Runtime.${type}`, writable: true, configurable: true });
  return ErrorClass;
}

const MalformedHandlerName = runtimeError('MalformedHandlerName');
const ImportModuleError = runtimeError('ImportModuleError');
const UserCodeSyntaxError = runtimeError('UserCodeSyntaxError');
const HandlerNotFound = runtimeError('HandlerNotFound');

/** The nearest package.json above `folder` (inside the task root) says "type": "module". */
function folderIsTypeModule(folder, taskRoot) {
  for (let dir = folder; isInside(dir, taskRoot); dir = path.dirname(dir)) {
    if (dir.endsWith(`${path.sep}node_modules`)) return false;
    const manifest = path.join(dir, 'package.json');
    if (fs.existsSync(manifest)) {
      try {
        return JSON.parse(fs.readFileSync(manifest, 'utf8')).type === 'module';
      } catch {
        return false;
      }
    }
    if (dir === taskRoot) break;
  }
  return false;
}

async function loadModule(taskRoot, moduleRoot, moduleName) {
  const base = path.resolve(taskRoot, moduleRoot, moduleName);
  if (fs.existsSync(base)) return require(base);
  const typeModule = fs.existsSync(`${base}.js`) && folderIsTypeModule(path.dirname(`${base}.js`), taskRoot);
  if (!typeModule && fs.existsSync(`${base}.js`)) return require(`${base}.js`);
  if (typeModule) return import(pathToFileURL(`${base}.js`).href);
  if (fs.existsSync(`${base}.mjs`)) return import(pathToFileURL(`${base}.mjs`).href);
  if (fs.existsSync(`${base}.cjs`)) return require(`${base}.cjs`);
  // Last resort, as the runtime does: a package of that name, looked up from the task root only.
  let found;
  try {
    found = require.resolve(moduleName, { paths: [taskRoot, path.resolve(taskRoot, moduleRoot)] });
  } catch {
    found = undefined;
  }
  if (found !== undefined && isInside(found, taskRoot)) return require(found);
  const error = new Error(`Cannot find module '${moduleName}'\nRequire stack:\n- ${__filename}`);
  error.code = 'MODULE_NOT_FOUND';
  throw error;
}

/**
 * @param {string} taskRoot  the function's directory (real path)
 * @param {string} fullHandler  e.g. 'index.handler', 'src/app.handler', 'index.nested.fn'
 * @returns {Promise<Function>}
 */
async function loadHandler(taskRoot, fullHandler) {
  if (fullHandler.includes('..')) {
    throw new MalformedHandlerName(
      `'${fullHandler}' is not a valid handler name. Use absolute paths when specifying root directories in handler names.`,
    );
  }
  const handlerString = path.basename(fullHandler);
  const moduleRoot = fullHandler.substring(0, fullHandler.indexOf(handlerString));
  const match = /^([^.]*)\.(.*)$/.exec(handlerString);
  if (!match) throw new MalformedHandlerName('Bad handler');
  const [, moduleName, handlerPath] = match;

  let app;
  try {
    app = await loadModule(taskRoot, moduleRoot, moduleName);
  } catch (error) {
    if (error instanceof SyntaxError) throw new UserCodeSyntaxError(String(error));
    if (error && error.code === 'MODULE_NOT_FOUND') throw new ImportModuleError(String(error));
    throw error;
  }
  const handler = handlerPath.split('.').reduce((value, key) => value && value[key], app);
  if (!handler) throw new HandlerNotFound(`${fullHandler} is undefined or not exported`);
  if (typeof handler !== 'function') throw new HandlerNotFound(`${fullHandler} is not a function`);
  return handler;
}

module.exports = { loadHandler };
