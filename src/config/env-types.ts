import { z } from 'zod';

/**
 * Environment variables arrive as strings; these coerce them strictly. "yes", "1" and "" are
 * not booleans here: a typo must fail, not flip a safety switch.
 */
export const envBool = z.union([z.boolean(), z.enum(['true', 'false']).transform((v) => v === 'true')]);

export const envNumber = z.union([
  z.number(),
  z
    .string()
    .trim()
    .regex(/^-?(\d+\.?\d*|\.\d+)(e-?\d+)?$/i, 'must be a number')
    .transform(Number),
]);

export const positiveNumber = envNumber.pipe(z.number().finite().positive());
export const nonNegativeNumber = envNumber.pipe(z.number().finite().nonnegative());
export const fraction = envNumber.pipe(z.number().finite().gt(0).lt(1));
export const positiveInt = envNumber.pipe(z.number().int().positive());
export const nonNegativeInt = envNumber.pipe(z.number().int().nonnegative());
export const score = envNumber.pipe(z.number().finite().min(0).max(100));

/** A comma-separated list, trimmed, empty items dropped. */
export const envList = z.union([
  z.array(z.string()),
  z.string().transform((v) =>
    v
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s.length > 0),
  ),
]);

/** `KEY:value,KEY:value` into a record of numbers, e.g. `BTCUSDT:0.7,ETHUSDT:0.5`. */
export const envNumberMap = z.union([
  z.record(z.string(), z.number()),
  z.string().transform((v, ctx) => {
    const out: Record<string, number> = {};
    for (const item of v.split(',').map((s) => s.trim())) {
      if (item === '') continue;
      const [key, raw] = item.split(':').map((s) => s.trim());
      const value = Number(raw);
      if (!key || raw === undefined || raw === '' || !Number.isFinite(value)) {
        ctx.addIssue({ code: 'custom', message: `"${item}" is not KEY:number` });
        return z.NEVER;
      }
      out[key] = value;
    }
    return out;
  }),
]);

/** Secrets are plain strings in the schema; `secretKeys` in schema.ts marks them for redaction. */
export const secret = z.string().min(1);

/** URLs with the scheme their client speaks; `localhost:8080` (no scheme) is refused. */
export const httpUrl = z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' });
export const wsUrl = z.url({ protocol: /^wss?$/, error: 'must be a ws:// or wss:// URL' });
