// One number format for the dashboard, the same rules as src/domain/format.ts (a test holds the
// two together): prices to the tick (or to 2/4/6 decimals by size when the tick is unknown), USDT
// to 2 decimals (4 below 1 USDT), percentages to 2 decimals (1 from 10 % up), times in UTC.

export function formatPrice(price, tickSize) {
  if (price == null || !Number.isFinite(price)) return '–';
  if (tickSize > 0) return price.toFixed(tickDecimals(tickSize));
  const decimals = Math.abs(price) >= 1000 ? 2 : Math.abs(price) >= 1 ? 4 : 6;
  return Number(price.toFixed(decimals)).toString();
}

export function tickDecimals(tickSize) {
  if (!(tickSize > 0) || !Number.isFinite(tickSize)) return 2;
  const [mantissa, exponent] = tickSize.toExponential().split('e');
  return Math.max(0, (mantissa.split('.')[1] ?? '').length - Number(exponent));
}

export function formatUsdt(value) {
  if (value == null || !Number.isFinite(value)) return '–';
  const text = value.toFixed(Math.abs(value) >= 1 || value === 0 ? 2 : 4);
  return /^-0\.0+$/.test(text) ? text.slice(1) : text;
}

export function formatSignedUsdt(value) {
  const text = formatUsdt(value);
  return value != null && value > 0 && text !== '–' ? `+${text}` : text;
}

export function formatPct(fraction) {
  if (fraction == null || !Number.isFinite(fraction)) return '–';
  const pct = fraction * 100;
  const text = pct.toFixed(Math.abs(pct) >= 10 ? 1 : 2);
  return `${/^-0\.0+$/.test(text) ? text.slice(1) : text}%`;
}

export function formatMs(ms) {
  if (ms == null || !Number.isFinite(ms)) return '–';
  if (ms >= 1000) return `${(ms / 1000).toFixed(1)} s`;
  if (ms >= 10) return `${ms.toFixed(0)} ms`;
  return `${ms.toFixed(2)} ms`;
}

export function formatUtcMinute(ms) {
  return ms == null ? '–' : new Date(ms).toISOString().slice(0, 16).replace('T', ' ');
}
