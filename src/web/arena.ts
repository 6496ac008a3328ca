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

/** Why there is no arena to show: 501 this build cannot read deciders, 404 nothing in the range. */
export class ArenaUnavailableError extends Error {
  override name = 'ArenaUnavailableError';
  constructor(
    message: string,
    readonly statusCode: 404 | 501 = 501,
  ) {
    super(message);
  }
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

/**
 * The dashboard's arena, recomputed only when the journal gained a decision, a close or an equity
 * snapshot: thousands of resamples per figure take a second or two, and the web server shares the
 * engine's thread.
 */
export function memoArenaReport(queries: QueryService): (range: TimeRange) => ArenaReport {
  let last: { key: string; report: ArenaReport } | null = null;
  return (range) => {
    const key = [
      range.fromMs,
      range.toMs,
      queries.latestRowId('decisions'),
      queries.latestRowId('position_closes'),
      queries.latestRowId('equity_snapshots'),
    ].join('/');
    if (last?.key !== key) last = { key, report: journalArenaReport(queries, range) };
    return last.report;
  };
}

/** The adapter from the journal to the pure arena: records over the range plus the report's confidence buckets. */
export function journalArenaReport(queries: QueryService, range: TimeRange): ArenaReport {
  const records = arenaSource(queries).arena(range);
  if (records.deciders.length === 0)
    throw new ArenaUnavailableError(
      'no decider journaled anything in this range: choose a range with decisions',
      404,
    );
  return arenaReport({ ...records, calibrationEdges: CALIBRATION_EDGES });
}
