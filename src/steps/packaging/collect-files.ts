// The files of sharp and the packages it needs at run time, laid out as node_modules/… for the
// zip. Only the target's native packages are taken from sharp's optional dependencies (never the
// natives of other platforms that happen to be installed). Symbolic links are never stored: a
// linked file is stored as the file it points to, a linked directory is walked at its real place.
import { readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { identityOf } from '../../fs/file-identity.js';
import { PackageContentError } from './errors.js';
import { readPackageJson, resolvePackageDir } from './installed-packages.js';

export interface PackageFile {
  /** Path inside the zip, `/`-separated. */
  zipPath: string;
  data: Buffer;
  executable: boolean;
}

export interface CollectedPackages {
  files: PackageFile[];
  /** `name@version` of every package copied, in the order found. */
  packages: string[];
}

/** A file to be copied, not read yet: where it is, and its identity (file-identity.ts). */
export interface ListedFile {
  zipPath: string;
  path: string;
  executable: boolean;
  identity: string;
}

export interface ListedPackages {
  files: ListedFile[];
  packages: string[];
}

/** What `listPackages` found, with every file's contents read. */
export function collectPackages(rootName: string, rootDir: string, allowedOptional: ReadonlySet<string>): CollectedPackages {
  return readListed(listPackages(rootName, rootDir, allowedOptional));
}

export function readListed(listed: ListedPackages): CollectedPackages {
  return {
    files: listed.files.map((file) => ({ zipPath: file.zipPath, data: readFileSync(file.path), executable: file.executable })),
    packages: listed.packages,
  };
}

/**
 * The files of `rootName` (found at `rootDir`) and its dependency closure, without reading them.
 * `allowedOptional` names the optional dependencies to follow (the target's natives); the others
 * are left out.
 */
export function listPackages(rootName: string, rootDir: string, allowedOptional: ReadonlySet<string>): ListedPackages {
  const files: ListedFile[] = [];
  const packages: string[] = [];
  /** zip location → real directory it holds, so one place never gets two different packages. */
  const placed = new Map<string, string>();
  const queue: Array<{ name: string; dir: string; parentZipDir: string | undefined; requiredBy: string | undefined }> = [
    { name: rootName, dir: rootDir, parentZipDir: undefined, requiredBy: undefined },
  ];

  while (queue.length > 0) {
    const { name, dir, parentZipDir, requiredBy } = queue.shift()!;
    const real = realpathSync(dir);
    // Hoisted like npm: at the top when that place is free (or has this very package), else
    // nested under the package that needs it, where Node's lookup finds it first.
    let zipDir = `node_modules/${name}`;
    if (placed.has(zipDir) && placed.get(zipDir) !== real && parentZipDir) zipDir = `${parentZipDir}/node_modules/${name}`;
    if (placed.get(zipDir) === real) continue;
    if (placed.has(zipDir)) throw new PackageContentError(`two different copies of ${name} need the same place ${zipDir}`);
    placed.set(zipDir, real);

    const pkg = readPackageJson(real);
    packages.push(`${name}@${pkg.version ?? '?'}`);
    walkPackage(real, zipDir, files);

    const required = Object.keys(pkg.dependencies ?? {});
    const optional = Object.keys(pkg.optionalDependencies ?? {}).filter((dep) => allowedOptional.has(dep));
    for (const dep of [...new Set([...required, ...optional])]) {
      const depDir = resolvePackageDir(real, dep);
      if (!depDir) {
        throw new PackageContentError(`${dep}, needed by ${name}${requiredBy ? ` (needed by ${requiredBy})` : ''}, is not installed beside ${real}`);
      }
      queue.push({ name: dep, dir: depDir, parentZipDir: zipDir, requiredBy: name });
    }
  }
  return { files, packages };
}

/** Adds every file of one package (not its own node_modules) under `zipDir`. */
function walkPackage(packageDir: string, zipDir: string, out: ListedFile[]): void {
  const seen = new Set<string>();
  const walk = (dir: string, zipPrefix: string, atPackageRoot: boolean): void => {
    const real = realpathSync(dir);
    if (seen.has(real)) throw new PackageContentError(`a symbolic link loop leads back to ${real}`);
    seen.add(real);
    const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      if (atPackageRoot && entry.name === 'node_modules') continue; // dependencies are copied as packages
      const path = join(dir, entry.name);
      const zipPath = `${zipPrefix}/${entry.name}`;
      // statSync follows a link: the link's target decides what is stored (never the link itself).
      const stats = entry.isSymbolicLink() ? statSync(path, { bigint: true }) : undefined;
      if (entry.isDirectory() || stats?.isDirectory()) {
        walk(entry.isSymbolicLink() ? realpathSync(path) : path, zipPath, false);
      } else if (entry.isFile() || stats?.isFile()) {
        const fileStats = stats ?? statSync(path, { bigint: true });
        out.push({ zipPath, path, executable: entry.name.endsWith('.node') || (fileStats.mode & 0o111n) !== 0n, identity: identityOf(fileStats) });
      }
      // sockets, FIFOs and devices are not package content: left out
    }
    seen.delete(real);
  };
  walk(packageDir, zipDir, true);
}
