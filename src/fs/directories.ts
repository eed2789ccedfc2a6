// Creating a directory and its parents without Node's recursive mkdir, which spins forever where
// the kernel refuses with ENOENT although the parent exists (/proc/foo). Each missing level is
// made on its own, so every refusal surfaces as an ordinary error naming the level that failed.
import { mkdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

export function ensureDirectory(path: string): void {
  const target = resolve(path);
  const missing: string[] = [];
  let current = target;
  while (true) {
    let isDirectory: boolean;
    try {
      isDirectory = statSync(current).isDirectory();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      const parent = dirname(current);
      if (parent === current) throw error; // not even the root exists
      missing.push(current);
      current = parent;
      continue;
    }
    if (!isDirectory) {
      // The first file on the way down: mkdir would say EEXIST (the target) or ENOTDIR (a parent).
      const error: NodeJS.ErrnoException = new Error(`${current} is not a directory`);
      error.code = current === target ? 'EEXIST' : 'ENOTDIR';
      error.syscall = 'mkdir';
      error.path = target;
      throw error;
    }
    break;
  }
  for (const dir of missing.reverse()) {
    try {
      mkdirSync(dir);
    } catch (error) {
      // Another process made it meanwhile: fine, as long as it is a directory.
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || !statSync(dir).isDirectory()) throw error;
    }
  }
}

/** The nearest part of `path` that exists (itself, or the closest parent; the root at worst). */
export function nearestExistingPath(path: string): string {
  let current = path;
  while (true) {
    try {
      statSync(current);
      return current;
    } catch {
      const up = dirname(current);
      if (up === current) return current;
      current = up;
    }
  }
}
