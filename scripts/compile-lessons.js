#!/usr/bin/env node
// Part of the build: validates every lessons/<id>/lesson.yaml with the files it names (the same
// schema and cross-checks the runner uses) and writes dist/lessons/<id>.json, which the runner
// loads as data. An invalid lesson fails the build with the messages the runner would print.
// Usage: node scripts/compile-lessons.js [lessons dir] [out dir]
import { mkdirSync, readdirSync, existsSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { importSource, projectRoot } from './lib/source-module.js';

export async function compileLessons(lessonsDir = join(projectRoot, 'lessons'), outDir = join(projectRoot, 'dist', 'lessons')) {
  const { compileLessonDir } = await importSource('src/lesson/compile.ts');
  const ids = readdirSync(lessonsDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(lessonsDir, entry.name, 'lesson.yaml')))
    .map((entry) => entry.name);
  mkdirSync(outDir, { recursive: true });
  const failures = [];
  for (const id of ids) {
    try {
      writeFileSync(join(outDir, `${id}.json`), JSON.stringify(await compileLessonDir(join(lessonsDir, id))));
    } catch (error) {
      failures.push(error?.text?.en ?? error?.stack ?? String(error));
    }
  }
  return { ids, failures };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [lessonsDir, outDir] = process.argv.slice(2);
  const { ids, failures } = await compileLessons(lessonsDir && resolve(lessonsDir), outDir && resolve(outDir));
  for (const failure of failures) process.stderr.write(`${failure}\n`);
  if (failures.length > 0) process.exit(1);
  process.stdout.write(`lessons compiled: ${ids.join(', ')}\n`);
}
