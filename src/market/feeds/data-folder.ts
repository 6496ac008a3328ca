import { existsSync, readdirSync, statSync } from 'node:fs';
import type { Timeframe } from '../../domain/index.ts';
import { TIMEFRAME_MS } from '../../domain/index.ts';
import { MarketDataError } from '../errors.ts';

/** What a folder of market files holds: the symbols with candles of a timeframe, and with funding. */
export interface DataFolderContents {
  candles: string[];
  funding: string[];
  /** Every other timeframe's candle files, for the message when the asked one is missing. */
  otherCandleFiles: string[];
}

export function dataFolderContents(dir: string, timeframe: Timeframe): DataFolderContents {
  const names = readdirSync(dir).sort();
  const candles: string[] = [];
  const funding: string[] = [];
  const otherCandleFiles: string[] = [];
  for (const name of names) {
    const match = /^([A-Z0-9]+)-([0-9]+[a-zA-Z]+|funding)\.csv$/.exec(name);
    if (!match) continue;
    const [, symbol, kind] = match as unknown as [string, string, string];
    if (kind === 'funding') funding.push(symbol);
    else if (kind === timeframe) candles.push(symbol);
    else otherCandleFiles.push(name);
  }
  return { candles, funding, otherCandleFiles };
}

export interface DataFolderCheck {
  dir: string;
  symbols: readonly string[];
  timeframe: Timeframe;
  funding: 'required' | 'none';
  /** How the user picks other symbols, e.g. "--symbols" or "SYMBOLS=": shown with a working list. */
  chooseSymbols: string;
  /** How the user runs without funding, e.g. "--no-funding". */
  withoutFunding: string;
}

/**
 * Checks a replay or backtest folder before anything is read, so a missing file is a message that
 * names the folder, what was expected and what is there, never a raw ENOENT.
 */
export function checkDataFolder(check: DataFolderCheck): void {
  const { dir, timeframe } = check;
  if (!existsSync(dir))
    throw MarketDataError.at(
      dir,
      0,
      `no such folder (it should hold SYMBOL-${timeframe}.csv and SYMBOL-funding.csv files)`,
    );
  if (!statSync(dir).isDirectory())
    throw MarketDataError.at(dir, 0, `is a file, not a folder of SYMBOL-${timeframe}.csv files`);
  const contents = dataFolderContents(dir, timeframe);
  const missingCandles = check.symbols.filter((s) => !contents.candles.includes(s));
  if (missingCandles.length > 0) {
    const found =
      contents.candles.length > 0
        ? `it has ${timeframe} candles for ${contents.candles.join(', ')}: use ${check.chooseSymbols}${contents.candles.join(',')}`
        : `it has no ${timeframe} candle file at all${contents.otherCandleFiles.length > 0 ? ` (only ${contents.otherCandleFiles.join(', ')})` : ''}`;
    throw MarketDataError.at(
      dir,
      0,
      `no ${timeframe} candles for ${missingCandles.join(', ')} (expected ${missingCandles.map((s) => `${s}-${timeframe}.csv`).join(', ')}); ${found}`,
    );
  }
  if (check.funding === 'none') return;
  const missingFunding = check.symbols.filter((s) => !contents.funding.includes(s));
  if (missingFunding.length > 0) {
    const found =
      contents.funding.length > 0
        ? `funding files exist for ${contents.funding.join(', ')} only`
        : 'the folder has no funding file';
    throw MarketDataError.at(
      dir,
      0,
      `no funding for ${missingFunding.join(', ')} (expected ${missingFunding.map((s) => `${s}-funding.csv`).join(', ')}; ${found}): ` +
        `funding is part of the cost; pass ${check.withoutFunding} to run without it`,
    );
  }
}

/** The symbols a folder can replay: those with candle files of the timeframe, in name order. */
export function symbolsInFolder(dir: string, timeframe: Timeframe): string[] {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) return [];
  return dataFolderContents(dir, timeframe).candles;
}

/** Per symbol, the timeframes of its candle files in the folder, finest first. */
export function candleTimeframesBySymbol(dir: string): Map<string, Timeframe[]> {
  const out = new Map<string, Timeframe[]>();
  if (!existsSync(dir) || !statSync(dir).isDirectory()) return out;
  for (const name of readdirSync(dir)) {
    const match = /^([A-Z0-9]+)-([0-9]+[a-zA-Z]+)\.csv$/.exec(name);
    const timeframe = match?.[2] as Timeframe | undefined;
    if (!match || timeframe === undefined || !(timeframe in TIMEFRAME_MS)) continue;
    const list = out.get(match[1] as string) ?? [];
    list.push(timeframe);
    out.set(match[1] as string, list);
  }
  for (const list of out.values()) list.sort((a, b) => TIMEFRAME_MS[a] - TIMEFRAME_MS[b]);
  return out;
}
