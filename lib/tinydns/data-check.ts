// Checks a whole tinydns data file and reports every problem, including the many
// lines tinydns-data compiles silently into something else (see DJB-LAB.md).
import { readFileSync } from 'node:fs';
import {
  type FieldReporter,
  checkEscapedText,
  checkIPPrefix,
  checkIPv4,
  checkLocation,
  checkName,
  checkNumber,
  checkTimestamp,
  quoteField,
} from './data-fields.js';
import { findRepeats } from './data-repeats.js';
import type { LineTable } from './line-table.js';

export type { LineTable } from './line-table.js';

export type Severity = 'error' | 'warning';

export interface Diagnostic {
  file: string;
  line: number;
  severity: Severity;
  message: string;
}

/** GNU form: `FILE:LINE: message` or `FILE:LINE: warning: message`. */
export function formatDiagnostic(d: Diagnostic): string {
  return `${d.file}:${d.line}: ${d.severity === 'warning' ? 'warning: ' : ''}${d.message}`;
}

/** One diagnostic a line, each ending with a newline; "" when there are none. */
export function formatDiagnostics(diagnostics: readonly Diagnostic[]): string {
  let out = '';
  for (const d of diagnostics) out += formatDiagnostic(d) + '\n';
  return out;
}

export function countErrors(diagnostics: readonly Diagnostic[]): number {
  let n = 0;
  for (const d of diagnostics) if (d.severity === 'error') n++;
  return n;
}

export function checkDataText(text: string, file: string): Diagnostic[] {
  return checkDataBuffer(Buffer.from(text, 'utf8'), file);
}

export function checkDataFile(path: string, file: string = path): Diagnostic[] {
  return checkDataBuffer(readFileSync(path), file);
}

class Collector implements FieldReporter {
  line = 0;
  readonly list: Diagnostic[] = [];
  constructor(readonly file: string) {}
  error(message: string): void {
    this.list.push({ file: this.file, line: this.line, severity: 'error', message });
  }
  warning(message: string): void {
    this.list.push({ file: this.file, line: this.line, severity: 'warning', message });
  }
}

/** Field layout of each line kind, as documented for tinydns-data. */
const FORMS: Record<string, string> = {
  '.': '.fqdn:ip:x:ttl:timestamp:lo',
  '&': '&fqdn:ip:x:ttl:timestamp:lo',
  '=': '=fqdn:ip:ttl:timestamp:lo',
  '+': '+fqdn:ip:ttl:timestamp:lo',
  '@': '@fqdn:ip:x:dist:ttl:timestamp:lo',
  "'": "'fqdn:s:ttl:timestamp:lo",
  '^': '^fqdn:p:ttl:timestamp:lo',
  C: 'Cfqdn:p:ttl:timestamp:lo',
  Z: 'Zfqdn:mname:rname:ser:ref:ret:exp:min:ttl:timestamp:lo',
  ':': ':fqdn:n:rdata:ttl:timestamp:lo',
  '%': '%lo:ipprefix',
};

const PROHIBITED_TYPES: Record<number, string> = {
  0: 'type 0 is prohibited',
  2: 'type 2 (NS) is prohibited here: use a "." or "&" line',
  5: 'type 5 (CNAME) is prohibited here: use a "C" line',
  6: 'type 6 (SOA) is prohibited here: use a "Z" line',
  12: 'type 12 (PTR) is prohibited here: use a "^" line',
  15: 'type 15 (MX) is prohibited here: use an "@" line',
  252: 'type 252 (AXFR) is prohibited',
};

const MAX_FIELDS = 64;
const U32 = 4294967295;

function grow(t: LineTable): void {
  const size = t.start.length * 2;
  const start = new Int32Array(size), end = new Int32Array(size), hash = new Int32Array(size);
  const kind = new Uint8Array(size), line = new Int32Array(size), nameHash = new Int32Array(size);
  line.set(t.line);
  nameHash.set(t.nameHash);
  start.set(t.start);
  end.set(t.end);
  hash.set(t.hash);
  kind.set(t.kind);
  Object.assign(t, { start, end, hash, kind, line, nameHash });
}

export function checkDataBuffer(b: Buffer, file: string): Diagnostic[] {
  const r = new Collector(file);
  const fs = new Int32Array(MAX_FIELDS);
  const fe = new Int32Array(MAX_FIELDS);
  const capacity = Math.max(1024, b.length >> 5);
  const lines: LineTable = {
    count: 0,
    start: new Int32Array(capacity),
    end: new Int32Array(capacity),
    hash: new Int32Array(capacity),
    kind: new Uint8Array(capacity),
    line: new Int32Array(capacity),
    nameHash: new Int32Array(capacity),
  };
  let definedLocations: Map<string, number> | undefined;
  let usedLocations: Map<string, number> | undefined;
  const n = b.length;
  let pos = 0;
  let lineNo = 0;

  while (pos < n) {
    lineNo++;
    r.line = lineNo;
    // FNV-1a of the line after its leading character, with "| 32" folding the case
    // of letters so the hash at the first ":" also serves to compare names.
    let h = -2128831035;
    let nameH = 0;
    let nf = 0;
    fs[0] = pos + 1;
    let i = b[pos] === 10 ? pos : pos + 1; // the leading character is no separator
    for (; i < n; i++) {
      const c = b[i];
      if (c === 10) break;
      if (c === 58) {
        if (nf === 0) nameH = h;
        if (nf < MAX_FIELDS - 1) {
          fe[nf] = i;
          fs[nf + 1] = i + 1;
        }
        nf++;
      }
      h = Math.imul(h ^ (c | 32), 16777619);
    }
    if (nf === 0) nameH = h;
    const next = i + 1;
    let end = i;
    while (end > pos && (b[end - 1] === 32 || b[end - 1] === 9)) end--;
    if (end === pos || b[pos] === 35 || b[pos] === 45) {
      pos = next;
      continue;
    }
    if (b[end - 1] === 13) {
      r.error('carriage return at end of line (DOS line ending?): tinydns-data keeps it in the last field');
      end--;
    }
    const fields = nf + 1;
    if (nf < MAX_FIELDS) fe[nf] = end;
    else fe[MAX_FIELDS - 1] = end;
    if (fe[0] < fs[0]) fe[0] = fs[0]; // a line of one character

    const k = b[pos];
    if (lines.count === lines.start.length) grow(lines);
    const li = lines.count++;
    lines.start[li] = pos;
    lines.end[li] = end;
    lines.hash[li] = h;
    lines.kind[li] = k;
    lines.line[li] = lineNo;
    lines.nameHash[li] = nameH;

    let ttlField = -1;
    let max = 0;
    switch (k) {
      case 43: // +
      case 61: // =
        max = 5;
        checkName(r, 'name', b, fs[0], fe[0]);
        if (fields < 2 || fs[1] === fe[1]) r.error(`missing IP (${FORMS[String.fromCharCode(k)]})`);
        else checkIPv4(r, 'IP', b, fs[1], fe[1]);
        ttlField = 2;
        break;
      case 46: // .
      case 38: // &
        max = 6;
        checkName(r, 'name', b, fs[0], fe[0]);
        if (fields > 1 && fs[1] !== fe[1]) checkIPv4(r, 'IP', b, fs[1], fe[1]);
        if (fields > 2) checkName(r, 'server name', b, fs[2], fe[2]);
        ttlField = 3;
        break;
      case 64: // @
        max = 7;
        checkName(r, 'name', b, fs[0], fe[0]);
        if (fields > 1 && fs[1] !== fe[1]) checkIPv4(r, 'IP', b, fs[1], fe[1]);
        if (fields > 2) checkName(r, 'mail exchanger name', b, fs[2], fe[2]);
        if (fields > 3) checkNumber(r, 'MX distance', b, fs[3], fe[3], 65535);
        ttlField = 4;
        break;
      case 39: // '
        max = 5;
        checkName(r, 'name', b, fs[0], fe[0]);
        if (fields < 2 || fs[1] === fe[1]) r.warning('empty TXT text');
        else checkEscapedText(r, 'text', b, fs[1], fe[1]);
        ttlField = 2;
        break;
      case 94: // ^
      case 67: // C
        max = 5;
        checkName(r, 'name', b, fs[0], fe[0]);
        if (fields < 2 || fs[1] === fe[1]) r.error(`missing target name (${FORMS[String.fromCharCode(k)]})`);
        else checkName(r, 'target name', b, fs[1], fe[1]);
        ttlField = 2;
        break;
      case 58: // :
        max = 6;
        checkName(r, 'name', b, fs[0], fe[0]);
        checkGeneric(r, b, fields, fs, fe);
        ttlField = 3;
        break;
      case 90: // Z
        max = 11;
        checkName(r, 'name', b, fs[0], fe[0]);
        if (fields > 1) checkName(r, 'primary server name', b, fs[1], fe[1]);
        if (fields > 2) checkName(r, 'contact name', b, fs[2], fe[2]);
        for (let f = 3; f < 8 && f < fields; f++) checkNumber(r, SOA_FIELDS[f - 3], b, fs[f], fe[f], U32);
        ttlField = 8;
        break;
      case 37: // %
        max = 2;
        if (fs[0] === fe[0]) r.error('missing location code (%lo:ipprefix)');
        else checkLocation(r, b, fs[0], fe[0]);
        if (fields > 1) checkIPPrefix(r, b, fs[1], fe[1]);
        (definedLocations ??= new Map()).set(b.toString('latin1', fs[0], fe[0]), lineNo);
        break;
      default:
        unknownKind(r, b, pos);
        pos = next;
        continue;
    }
    if (fields > max) {
      const form = FORMS[String.fromCharCode(k)];
      r.error(`too many fields: ${fields} > ${max} (${form})`);
    }
    if (k !== 46 && k !== 38 && k !== 90 && k !== 37 && fs[0] === fe[0]) r.warning('empty name (the root)');
    if (ttlField > 0 && ttlField < fields) {
      const ttl = checkNumber(r, 'TTL', b, fs[ttlField], fe[ttlField], U32);
      const ts = ttlField + 1;
      const hasTimestamp = ts < fields && fs[ts] !== fe[ts];
      if (hasTimestamp) checkTimestamp(r, b, fs[ts], fe[ts]);
      if (ttl === 0 && !hasTimestamp) r.warning('TTL 0: resolvers will not cache this record');
      const lo = ttlField + 2;
      if (lo < fields && fs[lo] !== fe[lo]) {
        checkLocation(r, b, fs[lo], fe[lo]);
        const code = b.toString('latin1', fs[lo], fe[lo]);
        usedLocations ??= new Map();
        if (!usedLocations.has(code)) usedLocations.set(code, lineNo);
      }
    }
    pos = next;
  }

  for (const [code, line] of usedLocations ?? []) {
    if (!definedLocations?.has(code)) {
      r.line = line;
      r.warning(`location "${code}" is not defined by any % line: this record is served to no one`);
    }
  }
  findRepeats(b, lines, r);
  return r.list.sort((x, y) => x.line - y.line);
}

const SOA_FIELDS = ['SOA serial', 'SOA refresh', 'SOA retry', 'SOA expire', 'SOA minimum'];

function checkGeneric(r: FieldReporter, b: Buffer, fields: number, fs: Int32Array, fe: Int32Array): void {
  if (fields < 2 || fs[1] === fe[1]) {
    r.error('missing record type (:fqdn:n:rdata:ttl:timestamp:lo)');
    return;
  }
  const type = checkNumber(r, 'record type', b, fs[1], fe[1], 65535);
  if (type < 0) return;
  const prohibited = PROHIBITED_TYPES[type];
  if (prohibited) r.error(`bad record type ${quoteField(b, fs[1], fe[1])}: ${prohibited}`);
  const length = fields > 2 ? checkEscapedText(r, 'rdata', b, fs[2], fe[2]) : 0;
  if (length < 0) return;
  if (type === 28 && length !== 16) r.error(`bad AAAA rdata: ${length} bytes, expected 16`);
  else if (type === 1 && length !== 4) r.error(`bad A rdata: ${length} bytes, expected 4`);
  else if (type === 33 && length < 7) r.error(`bad SRV rdata: ${length} bytes, expected at least 7`);
  else if (length > 65535) r.error(`bad rdata: ${length} bytes > 65535`);
}

function unknownKind(r: FieldReporter, b: Buffer, pos: number): void {
  const c = b[pos];
  const shown = quoteField(b, pos, pos + 1);
  if (c === 51 || c === 54) {
    r.error(
      `unrecognized leading character ${shown}: Debian's tinydns-data has no IPv6 lines; write AAAA as :fqdn:28:rdata with 16 octal-escaped bytes`,
    );
  } else if (c === 32 || c === 9) {
    r.error(`unrecognized leading character ${shown}: a data line must not start with white space`);
  } else {
    r.error(`unrecognized leading character ${shown}: expected one of . & = + @ ' ^ C Z : % - #`);
  }
}
