import type { Candle, FundingRate } from '../../domain/index.ts';
import { CANDLE_CSV_HEADER, FUNDING_CSV_HEADER } from './csv-parse.ts';

/** Candles as a CSV text in the format `readCandleCsv` reads. */
export function formatCandleCsv(candles: readonly Candle[]): string {
  const lines = [CANDLE_CSV_HEADER];
  for (const c of candles) lines.push(`${c.ts},${c.open},${c.high},${c.low},${c.close},${c.volume}`);
  return `${lines.join('\n')}\n`;
}

/** Funding rates as a CSV text in the format `readFundingCsv` reads. */
export function formatFundingCsv(rates: readonly FundingRate[]): string {
  const lines = [FUNDING_CSV_HEADER];
  for (const r of rates) lines.push(`${r.ts},${r.rate}`);
  return `${lines.join('\n')}\n`;
}
