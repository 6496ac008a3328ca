import type { FeeRates } from '../domain/index.ts';
import { errorText, feeRatesOf } from '../domain/index.ts';
import type { ExchangeOrder, ExchangePort, ExchangePosition } from '../exchange/port.ts';

export interface VenueSnapshot {
  atMs: number;
  positions: ExchangePosition[];
  openOrders: ExchangeOrder[];
  /** Fee rates of every symbol with a position or an order, to cost closing them at their stops. */
  feeRates: Record<string, FeeRates>;
}

export type VenueRead = { ok: true; snapshot: VenueSnapshot } | { ok: false; error: string };

/**
 * The venue's positions and open orders, read at most once per `ttlMs` however many browsers
 * and scrapers ask (a live venue rate-limits REST calls). One read in flight at a time.
 */
export class VenueReader {
  private last: { atMs: number; read: VenueRead } | null = null;
  private inFlight: Promise<VenueRead> | null = null;
  /** Fee rates change with the account's tier, rarely: read once per symbol. */
  private readonly feeRates: Record<string, FeeRates> = {};

  constructor(
    private readonly exchange: ExchangePort,
    private readonly ttlMs: number,
    private readonly redact: (text: string) => string,
  ) {}

  /** The fee rates read so far (also when the venue cannot be read now). */
  knownFeeRates(): Record<string, FeeRates> {
    return { ...this.feeRates };
  }

  read(): Promise<VenueRead> {
    const now = Date.now();
    if (this.last && now - this.last.atMs < this.ttlMs) return Promise.resolve(this.last.read);
    if (this.inFlight) return this.inFlight;
    this.inFlight = this.fetch().finally(() => {
      this.inFlight = null;
    });
    return this.inFlight;
  }

  private async fetch(): Promise<VenueRead> {
    const atMs = Date.now();
    let read: VenueRead;
    try {
      const [positions, openOrders] = await Promise.all([
        this.exchange.getPositions(),
        this.exchange.getOpenOrders(),
      ]);
      const open = positions.filter((p) => p.qty > 0);
      const symbols = [...new Set([...open, ...openOrders].map((x) => x.symbol))];
      const missing = symbols.filter((s) => this.feeRates[s] === undefined);
      if (missing.length > 0) {
        for (const rules of await this.exchange.getInstruments(missing))
          this.feeRates[rules.symbol] = feeRatesOf(rules);
      }
      read = { ok: true, snapshot: { atMs, positions: open, openOrders, feeRates: { ...this.feeRates } } };
    } catch (error) {
      const detail = errorText(error);
      read = { ok: false, error: this.redact(`the exchange could not be read: ${detail}`) };
    }
    this.last = { atMs, read };
    return read;
  }
}
