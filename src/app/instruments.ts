import type { InstrumentRules } from '../domain/index.ts';
import { emulatorInstrument } from '../exchange/emulator/instruments.ts';
import type { ExchangePort } from '../exchange/port.ts';

/** Instrument rules from the venue; every configured symbol must be listed, or nothing starts. */
export async function venueInstruments(
  exchange: ExchangePort,
  symbols: readonly string[],
): Promise<Map<string, InstrumentRules>> {
  const listed = await exchange.getInstruments([...symbols]);
  const bySymbol = new Map(listed.map((i) => [i.symbol, i]));
  const missing = symbols.filter((s) => !bySymbol.has(s));
  if (missing.length > 0) {
    throw new Error(`the exchange lists no linear perpetual for ${missing.join(', ')}: check SYMBOLS`);
  }
  return bySymbol;
}

/**
 * Offline rules for a replay: Bybit's published filters for the symbols of the shared data, so a
 * replay refuses exactly the orders the venue would refuse.
 */
export function offlineInstruments(
  symbols: readonly string[],
  referencePrices: Map<string, number>,
): InstrumentRules[] {
  return symbols.map((s) => emulatorInstrument(s, referencePrices.get(s)));
}
