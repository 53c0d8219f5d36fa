import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

let root: string | undefined;

/**
 * The project directory (the one holding package.json and json_schema/), found from this file whether it runs
 * from the sources (src/util) or from the build (dist/src/util).
 */
export function projectRoot(): string {
  if (root) return root;
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(dir, 'json_schema')) || !existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('cannot find the hanko-ts project directory');
    dir = parent;
  }
  root = dir;
  return dir;
}

export const projectFile = (...parts: string[]): string => path.join(projectRoot(), ...parts);
