// TAI64N labels (supervise/status, multilog `t` stamps) to dates, and tai64nlocal's text.

import { InvalidInput, quote } from '../invalid-input.js';

/**
 * Seconds TAI is ahead of UTC as daemontools counts it: tai64nlocal subtracts 2^62 + 10
 * (checked on Debian: `echo @400000000000000a00000000 | tai64nlocal` prints 1970-01-01 00:00:00).
 * No leap-second table is applied, so we apply none either.
 */
export const TAI_MINUS_UTC = 10;
const HIGH_OFFSET = 0x40000000; // 2^62 as the high 32 bits of the seconds
const TWO_32 = 0x100000000;

/** A decoded label, to the nanosecond (a Date keeps only milliseconds). */
export interface Tai64nTime {
  unixSeconds: number;
  nanoseconds: number;
}

const HEX_LENGTH = 24;

function isHexCode(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70);
}

/** The most a label's nanosecond field may hold: 999999999 (a larger one is no time at all). */
export const NANOSECONDS_MAX = 999_999_999;

/**
 * True when `text` starts with `@` and 24 hex digits (a multilog stamp) whose nanosecond
 * field is at most 999999999: `@…3b9aca00` and above would print as `36.3285509622`.
 */
export function startsWithStamp(text: string): boolean {
  if (text.length < HEX_LENGTH + 1 || text.charCodeAt(0) !== 64) return false;
  for (let i = 1; i <= HEX_LENGTH; i++) if (!isHexCode(text.charCodeAt(i))) return false;
  return parseInt(text.slice(17, 25), 16) <= NANOSECONDS_MAX;
}

function fromParts(high: number, low: number, nanoseconds: number): Tai64nTime {
  return { unixSeconds: (high - HIGH_OFFSET) * TWO_32 + low - TAI_MINUS_UTC, nanoseconds };
}

/** Decode 12 raw bytes (as in supervise/status) or the `@` + 24 hex digits form. */
export function parseTai64n(label: Uint8Array | string): Tai64nTime {
  if (typeof label === 'string') {
    if (label.length !== HEX_LENGTH + 1 || !startsWithStamp(label)) {
      throw new InvalidInput(`bad TAI64N label ${quote(label)}: expected "@" and 24 hex digits, the last 8 at most 3b9ac9ff (999999999 ns)`);
    }
    return fromParts(
      parseInt(label.slice(1, 9), 16),
      parseInt(label.slice(9, 17), 16),
      parseInt(label.slice(17, 25), 16),
    );
  }
  if (label.length < 12) {
    throw new InvalidInput(`bad TAI64N label: ${label.length} bytes, expected 12`);
  }
  const view = new DataView(label.buffer, label.byteOffset, 12);
  return fromParts(view.getUint32(0), view.getUint32(4), view.getUint32(8));
}

export function tai64nToDate(label: Uint8Array | string): Date {
  const t = parseTai64n(label);
  return new Date(t.unixSeconds * 1000 + Math.floor(t.nanoseconds / 1e6));
}

/** The `@` + 24 hex digits label for a time (nanoseconds default to the Date's milliseconds). */
export function formatTai64n(time: Date | Tai64nTime): string {
  const t = time instanceof Date ? dateToTime(time) : time;
  const tai = t.unixSeconds + TAI_MINUS_UTC;
  const high = Math.floor(tai / TWO_32) + HIGH_OFFSET;
  const low = tai - Math.floor(tai / TWO_32) * TWO_32;
  const hex = (n: number) => n.toString(16).padStart(8, '0');
  return `@${hex(high)}${hex(low)}${hex(t.nanoseconds)}`;
}

function dateToTime(date: Date): Tai64nTime {
  const ms = date.getTime();
  const unixSeconds = Math.floor(ms / 1000);
  return { unixSeconds, nanoseconds: (ms - unixSeconds * 1000) * 1e6 };
}

const pad2 = (n: number) => (n < 10 ? '0' : '') + n;

/** `YYYY-MM-DD HH:MM:SS.NNNNNNNNN` in local time, exactly as tai64nlocal prints it. */
export function formatLocal(time: Date | Tai64nTime): string {
  const t = time instanceof Date ? dateToTime(time) : time;
  const d = new Date(t.unixSeconds * 1000);
  return (
    `${d.getFullYear()}-${pad2(d.getMonth() + 1)}-${pad2(d.getDate())} ` +
    `${pad2(d.getHours())}:${pad2(d.getMinutes())}:${pad2(d.getSeconds())}.` +
    String(t.nanoseconds).padStart(9, '0')
  );
}

/**
 * Replace a leading stamp with local time, as tai64nlocal does; other lines pass unchanged.
 * (tai64nlocal itself misreads short or upper-case stamps and may crash, and prints a nanosecond
 * field over 999999999 as ten digits; we leave such stamps alone.)
 */
export function convertLogLine(line: string): string {
  if (!startsWithStamp(line)) return line;
  return formatLocal(parseTai64n(line.slice(0, HEX_LENGTH + 1))) + line.slice(HEX_LENGTH + 1);
}
