import { systemPromptFor } from './prompts/index.ts';

export type AbSplitUnit = 'symbol' | 'cycle';

export interface AbSplit {
  version: string;
  unit: AbSplitUnit;
}

/** One model call of a cycle: a prompt version and the symbols it covers. */
export interface PromptAssignment {
  promptVersion: string;
  symbols: string[];
}

export class PromptPlanError extends Error {
  override readonly name = 'PromptPlanError';
}

/** `PROMPT_AB_SPLIT`, e.g. `v4_terse:symbol`; undefined or empty means no split. */
export function parseAbSplit(value: string | undefined): AbSplit | null {
  if (value === undefined || value.trim() === '') return null;
  const match = /^([a-z0-9_]+):(symbol|cycle)$/.exec(value.trim());
  if (!match) {
    throw new PromptPlanError(
      `PROMPT_AB_SPLIT="${value}" must be VERSION:symbol or VERSION:cycle, e.g. v4_terse:cycle`,
    );
  }
  return { version: match[1] as string, unit: match[2] as AbSplitUnit };
}

/**
 * FNV-1a over the UTF-8 bytes, finished with murmur3's fmix32 so every output bit depends on
 * every input byte (plain FNV's lowest bit is only a parity of the bytes). Stable everywhere.
 */
export function stableHash(text: string): number {
  let hash = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(text)) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193);
  }
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  return hash >>> 0;
}

/** true when the key lands in the second arm of the split (the lowest hash bit). */
export function inSecondArm(key: string): boolean {
  return (stableHash(key) & 1) === 1;
}

/** Checks both versions exist and differ; call at start so a typo fails before the first cycle. */
export function validatePromptPlan(primaryVersion: string, split: AbSplit | null): void {
  systemPromptFor(primaryVersion);
  if (!split) return;
  systemPromptFor(split.version);
  if (split.version === primaryVersion) {
    throw new PromptPlanError(
      `PROMPT_AB_SPLIT names ${split.version}, which is already PROMPT_VERSION; pick a different version to compare`,
    );
  }
}

/**
 * Which prompt version answers which symbols this cycle: one model call per version that has
 * symbols. `cycle` puts all symbols of a cycle on one version by hash(cycleId); `symbol` splits
 * each cycle's symbols by hash(cycleId + ":" + symbol), so every symbol meets both versions over
 * time and a version is never confounded with a symbol.
 */
export function assignPromptVersions(
  cycleId: string,
  symbols: readonly string[],
  primaryVersion: string,
  split: AbSplit | null,
): PromptAssignment[] {
  if (!split) return [{ promptVersion: primaryVersion, symbols: [...symbols] }];
  if (split.unit === 'cycle') {
    return [{ promptVersion: inSecondArm(cycleId) ? split.version : primaryVersion, symbols: [...symbols] }];
  }
  const primary = symbols.filter((s) => !inSecondArm(`${cycleId}:${s}`));
  const second = symbols.filter((s) => inSecondArm(`${cycleId}:${s}`));
  return [
    { promptVersion: primaryVersion, symbols: primary },
    { promptVersion: split.version, symbols: second },
  ].filter((a) => a.symbols.length > 0);
}
