// Packaging the lesson's function: bundle + sharp for the target → deterministic zip.
export { packageFunction, runnerRoot, runnerModuleDirs, DEFAULT_ENTRY, DEFAULT_ZIP_NAME, PACKAGE_JSON } from './package-function.js';
export type { PackageFunctionOptions, PackageFunctionResult } from './package-function.js';
export { locateFunctionSource, findEntry, ENTRY_CANDIDATES } from './function-source.js';
export type { FunctionSource, FunctionOrigin, LocateOptions } from './function-source.js';
export { SharpInstallError, FunctionBuildError, PackageContentError } from './errors.js';
export type { PackageTarget, SharpSource } from './sharp-source.js';
export type { LambdaArchitecture, SharpTarget } from './sharp-target.js';
export type { NpmOptions } from './sharp-install.js';
export { defaultCacheDir, CACHE_DIR_ENV } from './cache-dir.js';
