import type { ExchangeOrder, ExchangePort, ExchangePosition } from '../exchange/port.ts';

export interface VenueSnapshot {
  atMs: number;
  positions: ExchangePosition[];
  openOrders: ExchangeOrder[];
}

export type VenueRead = { ok: true; snapshot: VenueSnapshot } | { ok: false; error: string };

/**
 * The venue's positions and open orders, read at most once per `ttlMs` however many browsers
 * and scrapers ask (a live venue rate-limits REST calls). One read in flight at a time.
 */
export class VenueReader {
  private last: { atMs: number; read: VenueRead } | null = null;
  private inFlight: Promise<VenueRead> | null = null;

  constructor(
    private readonly exchange: ExchangePort,
    private readonly ttlMs: number,
    private readonly redact: (text: string) => string,
  ) {}

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
      read = { ok: true, snapshot: { atMs, positions: positions.filter((p) => p.qty > 0), openOrders } };
    } catch (error) {
      const detail = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      read = { ok: false, error: this.redact(`the exchange could not be read: ${detail}`) };
    }
    this.last = { atMs, read };
    return read;
  }
}
