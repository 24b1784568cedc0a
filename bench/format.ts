// Number formats shared by the targets and the report.

/** `1M`, `100k`, `5k`, `200`. */
export function count(n: number): string {
  if (n >= 1e6 && n % 1e5 === 0) return `${n / 1e6}M`;
  if (n >= 1e3 && n % 100 === 0) return `${n / 1e3}k`;
  return String(n);
}

/** Microseconds with 2 significant decimals below 10, fewer above. */
export function us(value: number): string {
  return value < 10 ? value.toFixed(2) : value < 100 ? value.toFixed(1) : Math.round(value).toLocaleString('en-US');
}

/** Milliseconds, 1 decimal below 100. */
export function ms(value: number): string {
  return value < 100 ? value.toFixed(1) : Math.round(value).toLocaleString('en-US');
}

/** A ratio: `1.23×`. */
export function times(value: number): string {
  return `${value.toFixed(2)}×`;
}
