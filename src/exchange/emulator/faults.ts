import { z } from 'zod';

const pathFilter = z
  .string()
  .startsWith('/v5/')
  .optional()
  .describe('Only requests to this path; all when absent');

/** Fault injection, by configuration or by `POST /__emulator/faults`. Counts are consumed per matching request. */
export const faultPlanSchema = z
  .object({
    rateLimit: z
      .object({
        count: z.number().int().positive(),
        path: pathFilter,
        retryAfterMs: z.number().int().min(0).default(200),
      })
      .optional()
      .describe('Answer 10006 "Too many visits!" with a reset header retryAfterMs ahead'),
    serverError: z
      .object({
        count: z.number().int().positive(),
        path: pathFilter,
        status: z.number().int().min(500).max(599).default(503),
      })
      .optional()
      .describe('Answer an HTTP 5xx without executing the request'),
    lateAnswer: z
      .object({ count: z.number().int().positive(), path: pathFilter, delayMs: z.number().int().positive() })
      .optional()
      .describe('Execute the request, then answer only after delayMs (past the client timeout)'),
    rejectTradingStop: z
      .object({ count: z.number().int().positive() })
      .optional()
      .describe('Refuse /v5/position/trading-stop with 10001'),
    partialFills: z
      .object({ maxQtyPerEvent: z.number().positive() })
      .nullable()
      .optional()
      .describe('A LIMIT order fills at most this much per price event; null turns it off'),
    stallStreams: z
      .enum(['public', 'private', 'all'])
      .nullable()
      .optional()
      .describe('Stop answering pings and pushing on these streams (connections stay open); null resumes'),
  })
  .strict();

export type FaultPlan = z.input<typeof faultPlanSchema>;
type ParsedPlan = z.output<typeof faultPlanSchema>;

type Counted = 'rateLimit' | 'serverError' | 'lateAnswer' | 'rejectTradingStop';

export class FaultState {
  private plan: ParsedPlan = {};

  set(input: unknown): ParsedPlan {
    const parsed = faultPlanSchema.parse(input);
    this.plan = { ...this.plan, ...parsed };
    return this.plan;
  }

  clear(): void {
    this.plan = {};
  }

  snapshot(): ParsedPlan {
    return structuredClone(this.plan);
  }

  /** Consumes one use of a counted fault that matches the path. */
  take<K extends Counted>(kind: K, path: string): NonNullable<ParsedPlan[K]> | null {
    const fault = this.plan[kind];
    if (!fault) return null;
    if ('path' in fault && fault.path !== undefined && fault.path !== path) return null;
    const rest = fault.count - 1;
    if (rest <= 0) delete this.plan[kind];
    else this.plan[kind] = { ...fault, count: rest } as ParsedPlan[K];
    return fault as NonNullable<ParsedPlan[K]>;
  }

  get stalled(): 'public' | 'private' | 'all' | null {
    return this.plan.stallStreams ?? null;
  }

  get partialFillQty(): number | null {
    return this.plan.partialFills?.maxQtyPerEvent ?? null;
  }
}
