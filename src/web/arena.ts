import { type ArenaInput, type ArenaReport, arenaReport } from '../arena/index.ts';
import { CONFIDENCE_BUCKETS, type QueryService, type TimeRange } from '../journal/index.ts';

/** The journal's per-decider records over a range (docs/arena.md, "Journal interface"): ArenaInput without the bucket edges. */
export type ArenaRecords = Omit<ArenaInput, 'calibrationEdges'>;

interface ArenaSource {
  arena(range: TimeRange): ArenaRecords;
}

/** The journal's confidence buckets as probabilities, so the arena's calibration matches `warden report`. */
export const CALIBRATION_EDGES: readonly number[] = [
  ...CONFIDENCE_BUCKETS.map(([from]) => from / 100),
  (CONFIDENCE_BUCKETS.at(-1)?.[1] ?? 100) / 100,
];

export class ArenaUnavailableError extends Error {
  override name = 'ArenaUnavailableError';
  readonly statusCode = 501;
}

/**
 * `QueryService.arena(range)` comes with the shadow deciders (migration 007). Until that is merged
 * into this build, say so instead of guessing the records from another table.
 */
function arenaSource(queries: QueryService): ArenaSource {
  const candidate = queries as unknown as Partial<ArenaSource>;
  if (typeof candidate.arena !== 'function')
    throw new ArenaUnavailableError(
      'this build has no per-decider journal records yet (QueryService.arena, shadow deciders of issue 19)',
    );
  return candidate as ArenaSource;
}

/** The adapter from the journal to the pure arena: records over the range plus the report's confidence buckets. */
export function journalArenaReport(queries: QueryService, range: TimeRange): ArenaReport {
  return arenaReport({ ...arenaSource(queries).arena(range), calibrationEdges: CALIBRATION_EDGES });
}
