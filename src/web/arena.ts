import { type ArenaReport, arenaReport } from '../arena/index.ts';
import { CONFIDENCE_BUCKETS, type QueryService, type TimeRange } from '../journal/index.ts';

/** The journal's confidence buckets as probabilities, so the arena's calibration matches `warden report`. */
export const CALIBRATION_EDGES: readonly number[] = [
  ...CONFIDENCE_BUCKETS.map(([from]) => from / 100),
  (CONFIDENCE_BUCKETS.at(-1)?.[1] ?? 100) / 100,
];

/** Why there is no arena to show: nothing journaled in the range (404). */
export class ArenaUnavailableError extends Error {
  override name = 'ArenaUnavailableError';
  readonly statusCode = 404;
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
  const records = queries.arena(range);
  if (records.deciders.length === 0)
    throw new ArenaUnavailableError(
      'no decider journaled anything in this range: choose a range with decisions',
    );
  return arenaReport({ ...records, calibrationEdges: CALIBRATION_EDGES });
}
