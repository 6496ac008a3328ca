import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { errorMessage, TIMEFRAME_MS, TIMEFRAMES } from '../../domain/index.ts';
import type { FaultState } from './faults.ts';
import type { ReplayMarket } from './market.ts';
import { readBody } from './rest.ts';
import type { EmulatedVenue } from './venue.ts';
import type { WsHub } from './ws-server.ts';

export interface ControlContext {
  venue: EmulatedVenue;
  market: ReplayMarket;
  faults: FaultState;
  ws: WsHub;
  advance: (ms: number) => number;
  marketNowMs: () => number;
  pushTicker: (symbol: string) => void;
}

const positive = z.number().finite().positive();
const priceBody = z.object({ symbol: z.string().min(1), price: positive }).strict();
const candleBody = z
  .object({
    symbol: z.string().min(1),
    timeframe: z.enum(TIMEFRAMES).optional(),
    candle: z.object({
      ts: z.number().int().nonnegative(),
      open: positive,
      high: positive,
      low: positive,
      close: positive,
      volume: z.number().nonnegative(),
    }),
  })
  .strict();
const advanceBody = z
  .object({ ms: z.number().int().nonnegative().optional(), candles: z.number().int().positive().optional() })
  .strict()
  .refine((b) => (b.ms === undefined) !== (b.candles === undefined), 'give either ms or candles');
const streamsBody = z
  .object({ action: z.enum(['drop', 'stall']), stream: z.enum(['public', 'private', 'all']) })
  .strict();
const fundingBody = z
  .object({ symbol: z.string().min(1), rate: z.number().finite(), tsMs: z.number().int().positive() })
  .strict();

class ControlError extends Error {}

function parseJson(text: string): unknown {
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new ControlError('body is not JSON');
  }
}

function knownSymbol(ctx: ControlContext, symbol: string): void {
  if (!ctx.venue.rules.has(symbol))
    throw new ControlError(`unknown symbol ${symbol}: listed are ${[...ctx.venue.rules.keys()].join(', ')}`);
}

/**
 * The control API (not part of Bybit, loopback only, unauthenticated): move the market, inject
 * faults, drop or stall streams. Answers `{ ok: true, ... }` or HTTP 400 `{ error }`.
 */
export async function handleControl(
  ctx: ControlContext,
  request: IncomingMessage,
  response: ServerResponse,
  path: string,
): Promise<void> {
  const send = (status: number, body: unknown) => {
    response.writeHead(status, { 'content-type': 'application/json' });
    response.end(JSON.stringify(body));
  };
  try {
    const body = parseJson(await readBody(request));
    const route = `${request.method} ${path.replace(/^\/__emulator/, '')}`;
    switch (route) {
      case 'GET /state':
        return send(200, {
          ok: true,
          marketNowMs: ctx.marketNowMs(),
          symbols: [...ctx.venue.rules.keys()].map((symbol) => ({
            symbol,
            markPrice: ctx.venue.markPrice(symbol),
          })),
          faults: ctx.faults.snapshot(),
          connections: ctx.ws.connectionCount,
        });
      case 'POST /faults':
        return send(200, { ok: true, faults: ctx.faults.set(body) });
      case 'DELETE /faults':
        ctx.faults.clear();
        return send(200, { ok: true, faults: {} });
      case 'POST /price': {
        const { symbol, price } = priceBody.parse(body);
        knownSymbol(ctx, symbol);
        ctx.venue.paper.setMarkPrice(symbol, price, ctx.marketNowMs());
        ctx.pushTicker(symbol);
        return send(200, { ok: true, symbol, markPrice: price });
      }
      case 'POST /candle': {
        const { symbol, timeframe, candle } = candleBody.parse(body);
        knownSymbol(ctx, symbol);
        const intervalMs = timeframe
          ? TIMEFRAME_MS[timeframe]
          : (ctx.market.baseIntervalMs(symbol) ?? TIMEFRAME_MS['1m']);
        ctx.market.push(symbol, candle, intervalMs);
        return send(200, { ok: true, marketNowMs: ctx.marketNowMs() });
      }
      case 'POST /advance': {
        const parsed = advanceBody.parse(body);
        let released = 0;
        if (parsed.ms !== undefined) released = ctx.advance(parsed.ms);
        for (let i = 0; i < (parsed.candles ?? 0); i++) {
          const next = ctx.market.nextCloseMs();
          if (next === null) break;
          released += ctx.advance(Math.max(0, next - ctx.marketNowMs()));
        }
        return send(200, { ok: true, released, marketNowMs: ctx.marketNowMs() });
      }
      case 'POST /streams': {
        const { action, stream } = streamsBody.parse(body);
        const affected = action === 'drop' ? ctx.ws.drop(stream) : ctx.ws.stall(stream);
        return send(200, { ok: true, affected });
      }
      case 'POST /funding': {
        const { symbol, rate, tsMs } = fundingBody.parse(body);
        knownSymbol(ctx, symbol);
        ctx.venue.paper.applyFunding(symbol, rate, tsMs);
        return send(200, { ok: true });
      }
      default:
        return send(404, { error: `no control endpoint ${route}` });
    }
  } catch (error) {
    if (error instanceof z.ZodError) {
      return send(400, {
        error: error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; '),
      });
    }
    return send(400, { error: errorMessage(error) });
  }
}
