// Domain names of master files as label lists: read from a word (relative to an origin,
// escapes allowed), and written as wire bytes, master-file text or a tinydns data field.
import { wordBytes } from './master-tokens.js';

export type Labels = Buffer[];

/** Reads a name; a relative one (no final ".") is completed with ORIGIN, "@" is ORIGIN. */
export function parseName(word: string, origin: Labels | undefined): Labels {
  if (word === '@') {
    if (!origin) throw new Error('"@" with no origin: give ZONE (zoneImport FILE ZONE) or add $ORIGIN');
    return origin;
  }
  if (word === '.') return [];
  if (origin && word !== '' && word.indexOf('.') < 0 && word.indexOf('\\') < 0) {
    // One plain label below the origin: most owners and targets of a big zone.
    const label = Buffer.from(word, 'utf8');
    if (label.length <= 63) {
      const name: Labels = [label];
      for (const l of origin) name.push(l);
      if (wireLength(name) > 255) throw new Error(`bad name "${word}": ${wireLength(name)} bytes > 255`);
      return name;
    }
  }
  let parts: string[];
  if (word.indexOf('\\') < 0) parts = word.split('.');
  else {
    parts = [''];
    for (let i = 0; i < word.length; i++) {
      if (word[i] === '\\') {
        parts[parts.length - 1] += word.slice(i, i + 2);
        i++;
      } else if (word[i] === '.') parts.push('');
      else parts[parts.length - 1] += word[i];
    }
  }
  const absolute = parts.length > 1 && parts[parts.length - 1] === '';
  if (absolute) parts.pop();
  for (const part of parts) if (part === '') throw new Error(`bad name "${word}": empty label`);
  const labels: Labels = parts.map(wordBytes);
  for (const label of labels) if (label.length > 63) throw new Error(`bad name "${word}": label of ${label.length} bytes > 63`);
  if (!absolute && !origin) throw new Error(`relative name "${word}" with no origin: end it with ".", give ZONE (zoneImport FILE ZONE) or add $ORIGIN`);
  if (!absolute && origin!.length > 0 && labels.length > origin!.length && endsWith(labels, origin!)) {
    throw new Error(`relative name "${word}" ends with the origin ${nameText(origin!)}, which makes ${nameText([...labels, ...origin!])}: a missing final dot? write "${word}."`);
  }
  const name = absolute ? labels : labels.concat(origin!);
  if (wireLength(name) > 255) throw new Error(`bad name "${word}": ${wireLength(name)} bytes > 255`);
  return name;
}

/** Labels equal but for case (the same Buffer, as names completed with one origin share, is equal at once). */
function sameLabel(a: Buffer, b: Buffer): boolean {
  return a === b || (a.length === b.length && labelKey(a) === labelKey(b));
}

/** NAME's last labels are SUFFIX's (case-insensitive). */
function endsWith(name: Labels, suffix: Labels): boolean {
  if (name.length < suffix.length) return false;
  for (let k = 1; k <= suffix.length; k++) if (!sameLabel(name[name.length - k], suffix[suffix.length - k])) return false;
  return true;
}

const labelKey = (label: Buffer) => labelText(Buffer.from(label.toString('latin1').toLowerCase(), 'latin1'));

/** NAME, or SAME when they are one name: the labels of a zone shared, so that names below it compare at once. */
export function sharedName(name: Labels, same: Labels | undefined): Labels {
  return same !== undefined && name.length === same.length && endsWith(name, same) ? same : name;
}

function wireLength(name: Labels): number {
  let length = 1;
  for (const label of name) length += label.length + 1;
  return length;
}

export function nameWire(name: Labels): Buffer {
  const wire = Buffer.allocUnsafe(wireLength(name));
  let at = 0;
  for (const label of name) {
    wire[at++] = label.length;
    label.copy(wire, at);
    at += label.length;
  }
  wire[at] = 0;
  return wire;
}

/** Lowercased master-file text without the final dot ("" for the root): for comparing names. */
export function nameKey(name: Labels): string {
  return name.map(labelKey).join('.');
}

function labelText(label: Buffer): string {
  let out = '';
  for (const b of label) {
    if (b <= 32 || b >= 127) out += '\\' + String(b).padStart(3, '0');
    else if ('.\\"();@$'.includes(String.fromCharCode(b))) out += '\\' + String.fromCharCode(b);
    else out += String.fromCharCode(b);
  }
  return out;
}

/** Master-file text, absolute: "www.example.test." ("." for the root). */
export function nameText(name: Labels): string {
  return name.length === 0 ? '.' : name.map(labelText).join('.') + '.';
}

/** A tinydns data field: printable bytes as they are, ":" "\" "." inside a label and the rest as \NNN. */
export function nameData(name: Labels): string {
  let out = '';
  for (let k = 0; k < name.length; k++) {
    if (k) out += '.';
    out += labelDataOf(name[k]);
  }
  return out;
}

/** The last labels written, by identity: the origin's labels end most names of a file (a WeakMap costs more). */
const recentLabels: Buffer[] = [];
const recentData: string[] = [];
let recentNext = 0;

function labelDataOf(label: Buffer): string {
  for (let i = 0; i < recentLabels.length; i++) if (recentLabels[i] === label) return recentData[i];
  const data = labelData(label, 0, label.length);
  recentLabels[recentNext] = label;
  recentData[recentNext] = data;
  recentNext = (recentNext + 1) % 8;
  return data;
}

/** The data-field form of the label at BYTES[START..END). */
export function labelData(bytes: Buffer, start: number, end: number): string {
  let plain = true;
  for (let i = start; i < end && plain; i++) {
    const b = bytes[i];
    plain = b >= 33 && b <= 126 && b !== 58 && b !== 92 && b !== 46;
  }
  if (plain) return bytes.toString('latin1', start, end).toLowerCase();
  let out = '';
  for (let i = start; i < end; i++) {
    const b = bytes[i];
    out += b < 33 || b > 126 || b === 58 || b === 92 || b === 46 ? '\\' + b.toString(8).padStart(3, '0') : String.fromCharCode(b).toLowerCase();
  }
  return out;
}

/** The data-field form of the wire name at OFFSET (wireName's checks, without a Buffer per label). */
export function wireNameData(bytes: Buffer, offset: number): string {
  let out = '';
  let i = offset;
  for (;;) {
    if (i >= bytes.length) throw new Error('name runs past the end of its record');
    const length = bytes[i];
    if (length === 0) return out;
    if (length > 63) throw new Error('compressed or bad name in a record');
    if (i !== offset) out += '.';
    out += labelData(bytes, i + 1, Math.min(i + 1 + length, bytes.length));
    i += 1 + length;
  }
}

/** True when NAME is ZONE or below it. */
export function isWithin(name: Labels, zone: Labels): boolean {
  return endsWith(name, zone);
}

/** Reads wire labels at OFFSET (no compression: data.cdb and generic rdata hold none). */
export function wireName(bytes: Uint8Array, offset: number): { name: Labels; end: number } {
  const name: Labels = [];
  let i = offset;
  for (;;) {
    if (i >= bytes.length) throw new Error('name runs past the end of its record');
    const length = bytes[i];
    if (length === 0) return { name, end: i + 1 };
    if (length > 63) throw new Error('compressed or bad name in a record');
    name.push(Buffer.from(bytes.subarray(i + 1, i + 1 + length)));
    i += 1 + length;
  }
}
