import { describe, expect, it } from 'vitest';
import { createReplayFeed } from '../../../src/market/feeds/replay.ts';
import type { FeedEvent } from '../../../src/market/feeds/types.ts';
import { dataDir, dataFile, hasRealData } from '../../support/data.ts';

describe.skipIf(!hasRealData)(`replay of the real Bybit files in ${dataDir}`, () => {
  it('merges BTCUSDT and ETHUSDT with funding in time order over a one-day window', async () => {
    const fromMs = Date.UTC(2025, 2, 1);
    const toMs = Date.UTC(2025, 2, 2);
    const feed = createReplayFeed({
      dir: dataFile('bybit-linear'),
      symbols: ['BTCUSDT', 'ETHUSDT'],
      fromMs,
      toMs,
    });
    const events: FeedEvent[] = [];
    for await (const event of feed.events()) events.push(event);
    const count = (type: string, timeframe?: string) =>
      events.filter(
        (e) => e.type === type && (!timeframe || (e.type === 'candle' && e.timeframe === timeframe)),
      ).length;
    expect(count('candle', '5m')).toBe(2 * 288);
    expect(count('funding')).toBe(2 * 3);
    const times = events.map((e) => e.atMs);
    expect(times.every((t, i) => i === 0 || t >= (times[i - 1] as number))).toBe(true);
    const history = await feed.history('ETHUSDT', 300);
    expect(history).toHaveLength(300);
    expect(history.at(-1)?.ts).toBe(fromMs - 300_000);
  });
});

describe.runIf(!hasRealData)('replay of the real Bybit files', () => {
  it(`is skipped: no real data in ${dataDir} (set WARDEN_DATA_DIR to the shared data folder)`, () => {
    expect(hasRealData).toBe(false);
  });
});
