import { z } from 'zod';
import { ACTIONS, BLOCK_REASONS, EVENT_SEVERITIES, EXIT_REASONS, TIMEFRAMES } from '../domain/index.ts';

/** A time as epoch milliseconds or an ISO date/date-time (a zone-less date-time is UTC). */
const time = z
  .string()
  .trim()
  .min(1)
  .transform((text, ctx) => {
    const ms = /^\d+$/.test(text)
      ? Number(text)
      : Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(text) || text.length <= 10 ? text : `${text}Z`);
    if (!Number.isSafeInteger(ms)) {
      ctx.addIssue({
        code: 'custom',
        message: `"${text}" is not a time: use epoch ms or an ISO date such as 2025-06-01`,
      });
      return z.NEVER;
    }
    return ms;
  });

const count = (max: number) => z.coerce.number().int().min(0).max(max);

const range = {
  from: time.optional(),
  to: time.optional(),
};

const page = { limit: count(500).optional(), offset: count(1_000_000_000).optional() };

const symbol = z
  .string()
  .regex(/^[A-Z0-9]{2,30}$/, 'symbol like BTCUSDT')
  .optional();

export const rangeQuery = z.object(range).strict();
export const equityQuery = z.object({ ...range, maxPoints: count(5000).optional() }).strict();
export const decisionsQuery = z
  .object({
    ...range,
    ...page,
    symbol,
    action: z.enum(ACTIONS).optional(),
    blockedBy: z.enum(BLOCK_REASONS).optional(),
    promptVersion: z.string().min(1).max(100).optional(),
  })
  .strict();
export const listQuery = z
  .object({
    ...range,
    ...page,
    symbol,
  })
  .strict();
export const tradesQuery = z
  .object({
    ...range,
    ...page,
    symbol,
    side: z.enum(['LONG', 'SHORT']).optional(),
    exitReason: z.enum(EXIT_REASONS).optional(),
    outcome: z.enum(['win', 'loss']).optional(),
  })
  .strict();
export const eventsQuery = z
  .object({
    ...range,
    ...page,
    kind: z.string().min(1).max(100).optional(),
    minSeverity: z.enum(EVENT_SEVERITIES).optional(),
  })
  .strict();
export const candlesQuery = z
  .object({
    timeframe: z.enum(TIMEFRAMES).optional(),
    limit: z.coerce.number().int().min(1).max(1000).optional(),
  })
  .strict();
export const controlBody = z
  .object({ note: z.string().max(500).optional() })
  .strict()
  .nullish();

export class BadRequestError extends Error {
  override name = 'BadRequestError';
  readonly statusCode = 400;
}

/** Parses query or body input; a problem becomes a 400 naming the parameter and what to send. */
export function parseInput<T extends z.ZodType>(schema: T, input: unknown): z.output<T> {
  const result = schema.safeParse(input ?? {});
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const where = issue.path.length > 0 ? issue.path.join('.') : 'request';
    return issue.code === 'unrecognized_keys'
      ? `unknown parameter(s) ${issue.keys.join(', ')}`
      : `${where}: ${issue.message}`;
  });
  throw new BadRequestError(problems.join('; '));
}

/** { fromMs, toMs } with only the bounds given. */
export function toRange(q: { from?: number | undefined; to?: number | undefined }): {
  fromMs?: number;
  toMs?: number;
} {
  if (q.from !== undefined && q.to !== undefined && q.from >= q.to) {
    throw new BadRequestError('from must be before to');
  }
  return {
    ...(q.from !== undefined ? { fromMs: q.from } : {}),
    ...(q.to !== undefined ? { toMs: q.to } : {}),
  };
}
