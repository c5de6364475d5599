// Octal escapes of tinydns data fields (\NNN) and DNS wire-format names, so that no
// text can end a field (":") or a line (newline) of the data file.

const OCTAL = Array.from({ length: 256 }, (_, byte) => '\\' + byte.toString(8).padStart(3, '0'));
const oct = (byte: number) => OCTAL[byte];

/** Text for a data field: printable ASCII stays, ":" "\" and every other byte become \NNN. */
export function escapeText(text: string | Uint8Array): string {
  const bytes = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
  let out = '';
  for (const byte of bytes) {
    out += byte < 32 || byte > 126 || byte === 58 || byte === 92 ? oct(byte) : String.fromCharCode(byte);
  }
  return out;
}

/** Every byte as \NNN: how generic-line rdata is written. */
export function escapeBytes(bytes: Uint8Array): string {
  let out = '';
  for (const byte of bytes) out += oct(byte);
  return out;
}

/** The bytes a data field stands for, read the way tinydns-data reads them. */
export function unescapeBytes(field: string): Uint8Array {
  const raw = Buffer.from(field, 'utf8');
  const out = new Uint8Array(raw.length);
  let n = 0;
  for (let i = 0; i < raw.length; i++) {
    let c = raw[i];
    if (c === 92 && i + 1 < raw.length) {
      c = raw[++i];
      if (c >= 48 && c <= 55) {
        c -= 48;
        for (let k = 0; k < 2 && i + 1 < raw.length && raw[i + 1] >= 48 && raw[i + 1] <= 55; k++) c = (c << 3) + raw[++i] - 48;
        c &= 255;
      }
    }
    out[n++] = c;
  }
  return out.subarray(0, n);
}

export function unescapeText(field: string): string {
  return Buffer.from(unescapeBytes(field)).toString('utf8');
}

/** A checked domain name as DNS wire labels: length-prefixed labels, then a zero byte. */
export function nameToWire(name: string): Uint8Array {
  const parts = name === '' ? [] : name.split('.');
  const out: number[] = [];
  for (const label of parts) {
    const bytes = Buffer.from(label, 'utf8');
    out.push(bytes.length, ...bytes);
  }
  out.push(0);
  return Uint8Array.from(out);
}

/** Reads wire labels at offset; undefined when they run past the end or use compression. */
export function wireToName(bytes: Uint8Array, offset: number): { name: string; end: number } | undefined {
  const labels: string[] = [];
  let i = offset;
  while (i < bytes.length) {
    const length = bytes[i];
    if (length === 0) return { name: labels.join('.'), end: i + 1 };
    if (length > 63 || i + 1 + length > bytes.length) return undefined;
    labels.push(Buffer.from(bytes.subarray(i + 1, i + 1 + length)).toString('latin1'));
    i += 1 + length;
  }
  return undefined;
}
