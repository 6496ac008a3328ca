const POW10 = [
  1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19,
  1e20, 1e21, 1e22,
];

/**
 * Scans the plain decimal `[-]digits[.digits]` in `text[start, end)` without allocating.
 * Exact (same double as Number()) because mantissa < 2^53 and the divisor is an exact power of ten
 * (Clinger's fast path); returns NaN for anything else so the caller takes the strict slow path.
 */
export function scanDecimal(text: string, start: number, end: number): number {
  let i = start;
  let negative = false;
  if (i < end && text.charCodeAt(i) === 45) {
    negative = true;
    i++;
  }
  let mantissa = 0;
  let digits = 0;
  let significant = 0;
  let fraction = 0;
  let seenDot = false;
  for (; i < end; i++) {
    const code = text.charCodeAt(i);
    if (code >= 48 && code <= 57) {
      mantissa = mantissa * 10 + (code - 48);
      digits++;
      if (mantissa > 0) significant++;
      if (seenDot) fraction++;
    } else if (code === 46 && !seenDot) {
      seenDot = true;
    } else {
      return Number.NaN;
    }
  }
  if (digits === 0 || significant > 15 || fraction > 22) return Number.NaN;
  const value = mantissa / (POW10[fraction] as number);
  return negative ? -value : value;
}
