// The runner's version, read once from package.json at the package root.
import { packageVersion } from './package-root.js';

export const RUNNER_VERSION: string = packageVersion();
