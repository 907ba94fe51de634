/** Date notations and data-size units: pure conversions, calendar arithmetic in UTC, no clock. */

export type DateStyle = 'iso' | 'us' | 'eu' | 'long' | 'compact' | 'unix';

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const DAY_S = 86_400;

interface Ymd {
  y: number;
  m: number;
  d: number;
}

/** Reads a date written in a style; undefined when the text does not follow it or names no real day. */
export function readDate(text: string, style: DateStyle): Ymd | undefined {
  const t = text.trim();
  let ymd: Ymd | undefined;
  let m: RegExpExecArray | null;
  switch (style) {
    case 'iso':
      if ((m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(t))) ymd = { y: +m[1]!, m: +m[2]!, d: +m[3]! };
      break;
    case 'compact':
      if ((m = /^(\d{4})(\d{2})(\d{2})$/.exec(t))) ymd = { y: +m[1]!, m: +m[2]!, d: +m[3]! };
      break;
    case 'us':
      if ((m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(t))) ymd = { y: +m[3]!, m: +m[1]!, d: +m[2]! };
      break;
    case 'eu':
      if ((m = /^(\d{1,2})[./](\d{1,2})[./](\d{4})$/.exec(t))) ymd = { y: +m[3]!, m: +m[2]!, d: +m[1]! };
      break;
    case 'long': {
      m = /^([A-Za-z]+)\.? (\d{1,2}),? (\d{4})$/.exec(t);
      const month = m ? MONTHS.findIndex((name) => name.toLowerCase().startsWith(m![1]!.toLowerCase()) && m![1]!.length >= 3) : -1;
      if (m && month >= 0) ymd = { y: +m[3]!, m: month + 1, d: +m[2]! };
      break;
    }
    case 'unix':
      if ((m = /^-?\d{1,12}$/.exec(t))) {
        const date = new Date(Math.floor(Number(t) / DAY_S) * DAY_S * 1000);
        ymd = { y: date.getUTCFullYear(), m: date.getUTCMonth() + 1, d: date.getUTCDate() };
      }
      break;
  }
  if (!ymd) return undefined;
  const probe = new Date(Date.UTC(ymd.y, ymd.m - 1, ymd.d));
  const real = probe.getUTCFullYear() === ymd.y && probe.getUTCMonth() === ymd.m - 1 && probe.getUTCDate() === ymd.d;
  return real ? ymd : undefined;
}

const two = (n: number) => String(n).padStart(2, '0');

export function writeDate({ y, m, d }: Ymd, style: DateStyle): string {
  switch (style) {
    case 'iso':
      return `${y}-${two(m)}-${two(d)}`;
    case 'compact':
      return `${y}${two(m)}${two(d)}`;
    case 'us':
      return `${two(m)}/${two(d)}/${y}`;
    case 'eu':
      return `${two(d)}/${two(m)}/${y}`;
    case 'long':
      return `${MONTHS[m - 1]} ${d}, ${y}`;
    case 'unix':
      return String(Date.UTC(y, m - 1, d) / 1000);
  }
}

export function weekday({ y, m, d }: Ymd): string {
  return WEEKDAYS[new Date(Date.UTC(y, m - 1, d)).getUTCDay()]!;
}

export const SIZE_UNITS: Record<string, number> = {
  B: 1,
  KB: 1e3,
  MB: 1e6,
  GB: 1e9,
  TB: 1e12,
  KiB: 1024,
  MiB: 1024 ** 2,
  GiB: 1024 ** 3,
  TiB: 1024 ** 4,
};

/** Six significant digits: enough for sizes, and free of binary noise such as 0.30000000000000004. */
export function convertSize(value: number, from: string, to: string): number {
  return Number(((value * SIZE_UNITS[from]!) / SIZE_UNITS[to]!).toPrecision(6));
}
