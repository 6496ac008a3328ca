import { throughput } from './backtest.ts';
import { syntheticYear } from './synthetic-year.ts';

/** A year of 5m candles for ten symbols (seeded synthetic markets) at 4h decisions. Prints one JSON line. */
const data = syntheticYear();
const symbols = data.map((s) => s.symbol);
// Best of three, as the indicator bench: the machine's neighbours only ever add time.
const runs = [];
for (let i = 0; i < 3; i++) runs.push(await throughput(symbols, '4h', data, {}));
const bySeconds = [...runs].sort((a, b) => a.seconds - b.seconds);
const best = bySeconds[0] as (typeof runs)[number];
console.log(
  JSON.stringify({
    ...best,
    medianSeconds: (bySeconds[1] as (typeof runs)[number]).seconds,
    allSeconds: runs.map((r) => Number(r.seconds.toFixed(2))),
    peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
  }),
);
