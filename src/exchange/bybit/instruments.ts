import type { InstrumentRules } from '../../domain/index.ts';
import { InvalidRequestError } from '../errors.ts';
import { bybitCapabilities as caps } from './capabilities.ts';
import { instrumentFromVenue, num } from './mapper.ts';
import type { BybitFeeRate, BybitInstrument, BybitList } from './venue-types.ts';

type Get = <T>(path: string, params: Record<string, string | number | undefined>) => Promise<T>;

export interface InstrumentSource {
  publicGet: Get;
  signedGet: Get;
  hasCredentials: boolean;
}

/** Trading linear instruments with the account's fee rates (Bybit's non-VIP defaults without a key). */
export async function loadInstruments(
  source: InstrumentSource,
  symbols?: string[],
): Promise<InstrumentRules[]> {
  const venue: BybitInstrument[] = [];
  if (symbols && symbols.length > 0) {
    for (const symbol of symbols) {
      const page = await source.publicGet<BybitList<BybitInstrument>>('/v5/market/instruments-info', {
        category: caps.category,
        symbol,
      });
      const found = page.list.find((item) => item.symbol === symbol);
      if (!found)
        throw new InvalidRequestError(`Bybit lists no linear instrument ${symbol}`, 'unknown symbol');
      venue.push(found);
    }
  } else {
    let cursor = '';
    do {
      const page = await source.publicGet<BybitList<BybitInstrument>>('/v5/market/instruments-info', {
        category: caps.category,
        limit: caps.instrumentsPageLimit,
        ...(cursor ? { cursor } : {}),
      });
      venue.push(...page.list);
      // A repeated cursor or an empty page also ends the walk (Bybit may hand out a last cursor).
      const next = page.nextPageCursor ?? '';
      cursor = next === cursor || page.list.length === 0 ? '' : next;
    } while (cursor);
  }
  const fees = new Map<string, { takerFee: number; makerFee: number }>();
  if (source.hasCredentials) {
    const single = symbols?.length === 1 ? symbols[0] : undefined;
    const result = await source.signedGet<BybitList<BybitFeeRate>>('/v5/account/fee-rate', {
      category: caps.category,
      ...(single ? { symbol: single } : {}),
    });
    for (const item of result.list) {
      fees.set(item.symbol, {
        takerFee: num(item.takerFeeRate, 'takerFeeRate'),
        makerFee: num(item.makerFeeRate, 'makerFeeRate'),
      });
    }
  }
  return venue
    .filter((item) => item.status === 'Trading')
    .map((item) =>
      instrumentFromVenue(
        item,
        fees.get(item.symbol) ?? { takerFee: caps.defaultTakerFee, makerFee: caps.defaultMakerFee },
      ),
    );
}
