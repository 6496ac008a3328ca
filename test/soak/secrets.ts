import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { SOAK_SECRETS } from './setup.ts';

/** Every place a seeded secret shows up: in the given texts, or in any file under `dir` (journals, exports). */
export function findSecrets(
  texts: readonly string[],
  dir: string | null,
  secrets: readonly string[] = Object.values(SOAK_SECRETS),
): string[] {
  const found: string[] = [];
  texts.forEach((text, i) => {
    for (const secret of secrets)
      if (text.includes(secret)) found.push(`output ${i} holds a configured secret: ${text.slice(0, 200)}`);
  });
  if (dir === null) return found;
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const file = path.join(d, name);
      if (statSync(file).isDirectory()) walk(file);
      else {
        const bytes = readFileSync(file);
        for (const secret of secrets)
          if (bytes.includes(secret)) found.push(`${file} holds a configured secret`);
      }
    }
  };
  walk(dir);
  return found;
}
