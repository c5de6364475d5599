// Byte-level checks of single tinydns data fields, written for speed: they read a
// Buffer range in place and allocate only when they have something to report.

export interface FieldReporter {
  error(message: string): void;
  warning(message: string): void;
}

const BACKSLASH = 92;
const DOT = 46;

/** The field as it appears in the file, quoted, with control bytes shown as \NNN. */
export function quoteField(b: Buffer, s: number, e: number): string {
  const raw = b.toString('utf8', s, e);
  let out = '';
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    out += c < 32 || c === 127 ? '\\' + c.toString(8).padStart(3, '0') : raw[i];
  }
  return '"' + out + '"';
}

const isOctal = (c: number) => c >= 48 && c <= 55;

/**
 * Length of the escape starting at the backslash b[i], or 0 when it is not the
 * \NNN (000-377) form. tinydns-data reads "\x" as a plain "x" and "\7" as byte 7,
 * both silently; we ask for the one unambiguous form.
 */
export function escapeLength(b: Buffer, i: number, e: number): number {
  if (i + 3 >= e) return 0;
  const d0 = b[i + 1], d1 = b[i + 2], d2 = b[i + 3];
  if (!isOctal(d0) || !isOctal(d1) || !isOctal(d2)) return 0;
  if (d0 > 51) return 0; // first digit 0-3: at most \377
  return 4;
}

function badEscape(r: FieldReporter, what: string, b: Buffer, s: number, e: number, i: number): void {
  let j = i + 1;
  while (j < e && j < i + 4 && isOctal(b[j])) j++;
  const shown = b.toString('utf8', i, Math.min(e, j < i + 4 ? j + 1 : j));
  const value = b[i + 1];
  const reason =
    i + 3 < e && isOctal(value) && isOctal(b[i + 2]) && isOctal(b[i + 3])
      ? 'octal escape above \\377'
      : 'expected a backslash and 3 octal digits 000-377';
  r.error(`bad ${what} ${quoteField(b, s, e)}: bad escape "${shown}": ${reason}`);
}

const NAME_CHAR = new Uint8Array(256);
for (let c = 0; c < 256; c++) {
  NAME_CHAR[c] =
    (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 45 || c === 95 || c === 47 ? 1 : 0;
}

/**
 * A domain name: no empty label, labels of at most 63 bytes, at most 253 bytes in
 * all. Unusual characters are only warned about: tinydns serves any byte.
 * An empty field is the root; the caller decides whether that is wanted.
 */
export function checkName(r: FieldReporter, what: string, b: Buffer, s: number, e: number): void {
  if (e === s) return;
  if (e - s === 1 && b[s] === DOT) return; // "." is the root
  let label = 0;
  let labelStart = s;
  let labels = 0;
  let total = 0;
  let unusual = -1;
  let star = -1;
  for (let i = s; i < e; i++) {
    const c = b[i];
    if (c === DOT) {
      if (label === 0) {
        r.error(`bad ${what} ${quoteField(b, s, e)}: empty label`);
        return;
      }
      if (label > 63) {
        r.error(`bad ${what} ${quoteField(b, s, e)}: label ${quoteField(b, labelStart, i)} is ${label} bytes > 63`);
        return;
      }
      total += label + (labels > 0 ? 1 : 0);
      labels++;
      label = 0;
      labelStart = i + 1;
      continue;
    }
    if (c === BACKSLASH) {
      if (escapeLength(b, i, e) === 0) {
        badEscape(r, what, b, s, e, i);
        return;
      }
      i += 3;
      label++;
      continue;
    }
    if (NAME_CHAR[c] === 0) {
      if (c === 42 && label === 0 && labels === 0 && (i + 1 === e || b[i + 1] === DOT)) {
        label++;
        continue;
      }
      if (c === 42) star = i;
      else if (unusual < 0) unusual = i;
    }
    label++;
  }
  if (label > 63) {
    r.error(`bad ${what} ${quoteField(b, s, e)}: label ${quoteField(b, labelStart, e)} is ${label} bytes > 63`);
    return;
  }
  if (label > 0) total += label + (labels > 0 ? 1 : 0);
  if (total > 253) {
    r.error(`bad ${what} ${quoteField(b, s, e)}: ${total} bytes > 253`);
    return;
  }
  if (star >= 0) {
    r.warning(`${what} ${quoteField(b, s, e)}: "*" is a wildcard only as the whole first label`);
  } else if (unusual >= 0) {
    r.warning(
      `${what} ${quoteField(b, s, e)}: unusual character ${quoteField(b, unusual, unusual + 1)} (expected letters, digits, "-", "_")`,
    );
  }
}

/** The dot-separated numbers of b[s, e), each 0-255 and none empty: how many, or what is wrong with the first bad one. */
function countOctets(b: Buffer, s: number, e: number): number | string {
  let octets = 0;
  let value = 0;
  let digits = 0;
  for (let i = s; i <= e; i++) {
    const c = i < e ? b[i] : DOT;
    if (c >= 48 && c <= 57) {
      value = value * 10 + (c - 48);
      digits++;
      continue;
    }
    if (c !== DOT) return `${quoteField(b, i, i + 1)} is not a digit or a dot`;
    if (digits === 0) return 'empty octet (expected 4 numbers 0-255 separated by dots)';
    if (value > 255 || digits > 3) return `octet ${digits > 3 ? b.toString('latin1', i - digits, i) : value} > 255`;
    octets++;
    value = 0;
    digits = 0;
  }
  return octets;
}

/** A dotted-quad IPv4 address; tinydns-data would store 999.1.1.1 as 231.1.1.1. */
export function checkIPv4(r: FieldReporter, what: string, b: Buffer, s: number, e: number): void {
  const octets = countOctets(b, s, e);
  if (typeof octets === 'string') r.error(`bad ${what} ${quoteField(b, s, e)}: ${octets}`);
  else if (octets !== 4) r.error(`bad ${what} ${quoteField(b, s, e)}: expected 4 octets, got ${octets}`);
}

/** An ipprefix of a % line: 0 to 4 octets, e.g. "10.1" or "" (everyone). */
export function checkIPPrefix(r: FieldReporter, b: Buffer, s: number, e: number): void {
  if (s === e) return;
  const octets = countOctets(b, s, e);
  if (typeof octets === 'string') r.error(`bad IP prefix ${quoteField(b, s, e)}: expected 1 to 4 numbers 0-255 separated by dots`);
  else if (octets > 4) r.error(`bad IP prefix ${quoteField(b, s, e)}: ${octets} octets > 4`);
}

/**
 * An unsigned number of at most max (TTL, MX distance, SOA fields, record type).
 * Returns the value, or -1 when the field is empty or bad (bad is reported).
 */
export function checkNumber(r: FieldReporter, what: string, b: Buffer, s: number, e: number, max: number): number {
  if (s === e) return -1;
  let value = 0;
  for (let i = s; i < e; i++) {
    const c = b[i];
    if (c < 48 || c > 57) {
      r.error(`bad ${what} ${quoteField(b, s, e)}: expected a number 0-${max}`);
      return -1;
    }
    value = value * 10 + (c - 48);
  }
  if (value > max) {
    r.error(`bad ${what} ${quoteField(b, s, e)}: ${e - s > 15 ? 'more than ' + max : value + ' > ' + max}`);
    return -1;
  }
  return value;
}

/** A TAI64 label: exactly 16 lowercase hex digits (tinydns-data rejects "A"-"F"). */
export function checkTimestamp(r: FieldReporter, b: Buffer, s: number, e: number): void {
  if (s === e) return;
  let ok = e - s === 16;
  for (let i = s; ok && i < e; i++) {
    const c = b[i];
    ok = (c >= 48 && c <= 57) || (c >= 97 && c <= 102);
  }
  if (!ok) r.error(`bad timestamp ${quoteField(b, s, e)}: expected 16 lowercase hex digits (a TAI64 label)`);
}

/** A location code: 1 or 2 characters (tinydns-data silently keeps the first 2). */
export function checkLocation(r: FieldReporter, b: Buffer, s: number, e: number): void {
  if (e - s > 2) r.error(`bad location ${quoteField(b, s, e)}: expected 1 or 2 characters`);
}

/** Text or rdata with \NNN escapes; returns its length in bytes once unescaped, or -1. */
export function checkEscapedText(r: FieldReporter, what: string, b: Buffer, s: number, e: number): number {
  let length = 0;
  for (let i = s; i < e; i++) {
    if (b[i] === BACKSLASH) {
      if (escapeLength(b, i, e) === 0) {
        badEscape(r, what, b, s, e, i);
        return -1;
      }
      i += 3;
    }
    length++;
  }
  return length;
}
