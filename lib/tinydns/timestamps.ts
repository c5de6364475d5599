// The timestamp field of a tinydns data line: an external TAI64 label in 16 lowercase hex
// digits, read from and shown as a UTC date. With a TTL of 0 it is a time to die (the line ends
// then); with another TTL a time to live from (the line is ignored before it) (tinydns-data docs).
import { InvalidInput, quote } from '../invalid-input.js';

/** TAI64 labels count from 2^62, and libtai's tai_unix adds TAI-UTC's 10 s of 1970 (djbdns tai_now). */
const TAI64_UNIX = (1n << 62n) + 10n;

const DATE = /^([0-9]{4})-([0-9]{2})-([0-9]{2})(?:[T ]([0-9]{2}):([0-9]{2})(?::([0-9]{2}))?)?(Z|[+-][0-9]{2}:?[0-9]{2})?$/;

/** A date (2026-12-31, 2026-12-31T18:00, 2026-12-31T18:00:30+01:00; UTC unless it says otherwise) as a TAI64 label. */
export function dateToLabel(value: string, what = 'date'): string {
  const m = DATE.exec(value);
  const millis = m ? Date.parse(`${m[1]}-${m[2]}-${m[3]}T${m[4] ?? '00'}:${m[5] ?? '00'}:${m[6] ?? '00'}${zone(m[7])}`) : NaN;
  if (!m || Number.isNaN(millis) || new Date(millis).toISOString().slice(0, 10) !== `${m[1]}-${m[2]}-${m[3]}` && m[7] === undefined) {
    throw new InvalidInput(`bad ${what} ${quote(value)}: expected a date YYYY-MM-DD[THH:MM[:SS]][Z|+HH:MM] (UTC unless given)`);
  }
  return (TAI64_UNIX + BigInt(Math.floor(millis / 1000))).toString(16).padStart(16, '0');
}

function zone(given: string | undefined): string {
  if (given === undefined || given === 'Z') return 'Z';
  return given.includes(':') ? given : `${given.slice(0, 3)}:${given.slice(3)}`;
}

/** A label as the UTC date it stands for (2026-12-31T18:00:00Z), or undefined when no year 1970-9999 says it. */
export function labelToDate(label: string): string | undefined {
  if (!/^[0-9a-f]{16}$/.test(label)) return undefined;
  const seconds = BigInt('0x' + label) - TAI64_UNIX;
  if (seconds < 0n || seconds > 253402300799n) return undefined;
  return new Date(Number(seconds) * 1000).toISOString().replace('.000Z', 'Z');
}
