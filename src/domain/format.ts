/**
 * One number format for every view (terminal, dashboard, HTML report, `warden report`): prices to
 * the instrument's tick, USDT to 2 decimals (4 below 1 USDT, where a 0.35 USDT budget lives),
 * percentages to 2 decimals (1 from 10 % up), times in UTC. Costs (fees, funding paid) are shown
 * as negative amounts: what the account paid.
 */

/** Decimals a tick size implies: 0.1 → 1, 0.0001 → 4, 1 → 0, 1e-7 → 7. */
export function tickDecimals(tickSize: number): number {
  if (!(tickSize > 0) || !Number.isFinite(tickSize)) return 2;
  const text = tickSize.toExponential();
  const [mantissa, exponent] = text.split('e') as [string, string];
  const mantissaDecimals = (mantissa.split('.')[1] ?? '').length;
  return Math.max(0, mantissaDecimals - Number(exponent));
}

/** A price rounded to the tick's decimals (unknown tick: up to 6 significant decimals, trailing zeros cut). */
export function formatPrice(price: number | null | undefined, tickSize?: number): string {
  if (price === null || price === undefined || !Number.isFinite(price)) return '–';
  if (tickSize !== undefined && tickSize > 0) return price.toFixed(tickDecimals(tickSize));
  const decimals = Math.abs(price) >= 1000 ? 2 : Math.abs(price) >= 1 ? 4 : 6;
  return Number(price.toFixed(decimals)).toString();
}

/** USDT: 2 decimals, 4 below 1 USDT (zero is 0.00). */
export function formatUsdt(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '–';
  const decimals = Math.abs(value) >= 1 || value === 0 ? 2 : 4;
  const text = value.toFixed(decimals);
  return /^-0\.0+$/.test(text) ? text.slice(1) : text;
}

/** A signed USDT amount, `+1.25` / `-0.3466`. */
export function formatSignedUsdt(value: number | null | undefined): string {
  const text = formatUsdt(value);
  return value !== null && value !== undefined && value > 0 && text !== '–' ? `+${text}` : text;
}

/** A fraction as a percentage: 0.01234 → "1.23%", 0.1234 → "12.3%". */
export function formatPct(fraction: number | null | undefined): string {
  if (fraction === null || fraction === undefined || !Number.isFinite(fraction)) return '–';
  const pct = fraction * 100;
  const text = pct.toFixed(Math.abs(pct) >= 10 ? 1 : 2);
  return `${/^-0\.0+$/.test(text) ? text.slice(1) : text}%`;
}

/** A duration in ms: "0.05 ms", "12 ms", "1.3 s". */
export function formatMs(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '–';
  if (ms >= 1000) return `${(ms / 1000).toFixed(1)} s`;
  if (ms >= 10) return `${ms.toFixed(0)} ms`;
  return `${ms.toFixed(2)} ms`;
}

/** A time in UTC to the minute: "2025-03-04 10:15". */
export function formatUtcMinute(ms: number): string {
  return new Date(ms).toISOString().slice(0, 16).replace('T', ' ');
}
