// ES-module half of module-guard.cjs (registered with module.register; runs on Node's loader
// thread): `import 'pkg'` from a function's code resolves inside its task root only, except
// `@aws-sdk/*`, which falls back to the runner's installed SDK as on the real Node.js runtimes.
import { isBuiltin } from 'node:module';
import { fileURLToPath } from 'node:url';

let taskRootUrl = '';
let sdkAnchorUrl = '';

export function initialize(data) {
  taskRootUrl = data.taskRootUrl;
  sdkAnchorUrl = data.sdkAnchorUrl;
}

function isBareSpecifier(specifier) {
  return !(
    specifier.startsWith('.') ||
    specifier.startsWith('/') ||
    specifier.startsWith('#') ||
    /^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(specifier)
  );
}

function packageName(specifier) {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/** Node's own error for a package that cannot be found from an ES module. */
function packageNotFound(specifier, parentURL) {
  const error = new Error(`Cannot find package '${packageName(specifier)}' imported from ${fileURLToPath(parentURL)}`);
  error.code = 'ERR_MODULE_NOT_FOUND';
  return error;
}

export async function resolve(specifier, context, nextResolve) {
  const parent = context.parentURL;
  if (!parent || !parent.startsWith(taskRootUrl) || !isBareSpecifier(specifier) || isBuiltin(specifier)) {
    return nextResolve(specifier, context);
  }
  let resolved;
  let failure;
  try {
    resolved = await nextResolve(specifier, context);
  } catch (error) {
    failure = error;
  }
  if (resolved && (!resolved.url.startsWith('file:') || resolved.url.startsWith(taskRootUrl))) return resolved;
  if (specifier.startsWith('@aws-sdk/')) return nextResolve(specifier, { ...context, parentURL: sdkAnchorUrl });
  throw failure ?? packageNotFound(specifier, parent);
}
