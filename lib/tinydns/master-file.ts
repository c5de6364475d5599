// An RFC 1035 master file (BIND, NSD, Knot) read into records: $ORIGIN, $TTL, $INCLUDE,
// "@", relative names, omitted owner/TTL/class; every problem as FILE:LINE: message.
import { realpathSync } from 'node:fs';
import { readNamedFile } from '../named-file.js';
import { dirname, relative, resolve, isAbsolute } from 'node:path';
import { type Labels, isWithin, nameKey, nameText, parseName, sharedName } from './master-names.js';
import { parseRdata } from './master-rdata.js';
import { type Entry, eachEntry } from './master-tokens.js';
import { TYPES, parseTtlWord, typeName, typeOf } from './master-types.js';

export interface MasterRecord {
  file: string;
  line: number;
  owner: Labels;
  type: number;
  ttl: number;
  rdata: Buffer;
}

export interface MasterOptions {
  /** The zone; else the owner of the file's SOA. Also the first origin. */
  zone?: string;
  /** $INCLUDE may name files outside the directory of the top file. */
  includeAnywhere?: boolean;
  /** Reads a file (for tests); default readNamedFile ("-": standard input). */
  read?: (path: string) => string;
  /** Each record as it is read, instead of keeping them all in records (a big zone then costs no memory here). */
  onRecord?: (record: MasterRecord) => void;
}

export interface MasterZone {
  zone: Labels | undefined;
  /** Every record, in file order; empty when they went to onRecord. */
  records: MasterRecord[];
  /** FILE:LINE: message, in file order. */
  problems: string[];
}

interface State {
  origin: Labels | undefined;
  defaultTtl: number | undefined;
  lastTtl: number | undefined;
  owner: Labels | undefined;
}

/** Reads PATH (label LABEL in messages, "-" for standard input) and the files it includes. */
export function readMasterFile(path: string, label: string, options: MasterOptions = {}): MasterZone {
  const read = options.read ?? ((p: string) => readNamedFile(p).toString('utf8'));
  const problems: string[] = [];
  const records: MasterRecord[] = [];
  let zone: Labels | undefined;
  try {
    if (options.zone !== undefined) zone = parseName(options.zone.endsWith('.') ? options.zone : options.zone + '.', undefined);
  } catch (error) {
    return { zone: undefined, records, problems: [`${label}: bad zone: ${(error as Error).message}`] };
  }
  // Real paths: a link in the zone's directory (sub/up -> /) must not carry $INCLUDE out of it.
  const top = realOrAsIs(path === '-' ? process.cwd() : dirname(resolve(path)));
  const state: State = { origin: zone, defaultTtl: undefined, lastTtl: undefined, owner: undefined };

  const readFile = (file: string, shown: string, depth: number, origin: Labels | undefined) => {
    let text: string;
    try {
      text = read(file);
    } catch (error) {
      problems.push(`${shown}: cannot read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
      return;
    }
    state.origin = origin;
    const at = (line: number, message: string) => problems.push(`${shown}:${line}: ${message}`);
    // The file's token problems come first, before those of its entries (and included files).
    const mark = problems.length;
    const tokenProblems = eachEntry(text, (entry) => {
      try {
        const first = entry.tokens[0];
        if (!entry.blankOwner && !first.quoted && first.text.startsWith('$')) directive(entry, file, shown, depth);
        else record(entry, shown);
      } catch (error) {
        at(entry.line, (error as Error).message);
      }
    });
    if (tokenProblems.length) problems.splice(mark, 0, ...tokenProblems.map((p) => `${shown}:${p.line}: ${p.message}`));
  };

  const directive = (entry: Entry, file: string, shown: string, depth: number) => {
    const [name, ...args] = entry.tokens.map((t) => t.text);
    switch (name.toUpperCase()) {
      case '$ORIGIN':
        if (args.length !== 1) throw new Error('$ORIGIN takes one name');
        state.origin = sharedName(parseName(args[0], state.origin), zone);
        return;
      case '$TTL': {
        const ttl = args.length === 1 ? parseTtlWord(args[0]) : undefined;
        if (ttl === undefined) throw new Error(`bad $TTL "${args.join(' ')}": expected a TTL (3600, 1h, 1d2h)`);
        state.defaultTtl = ttl;
        return;
      }
      case '$INCLUDE': {
        if (args.length < 1 || args.length > 2) throw new Error('$INCLUDE takes FILE [ORIGIN]');
        if (depth >= 10) throw new Error('$INCLUDE nested more than 10 deep (a loop?)');
        const target = resolve(file === '-' ? process.cwd() : dirname(resolve(file)), args[0]);
        const real = realOrAsIs(target);
        const inside = relative(top, real);
        if (!options.includeAnywhere && (inside.startsWith('..') || isAbsolute(inside))) {
          const through = real === target ? '' : ` (through a symbolic link ${target} leads to ${real})`;
          throw new Error(`$INCLUDE ${args[0]} is outside ${top}${through}: refused (copy it beside the zone file, or allow it with includeAnywhere=yes)`);
        }
        const saved = { origin: state.origin, owner: state.owner };
        const origin = args[1] === undefined ? state.origin : parseName(args[1], state.origin);
        readFile(target, relative(process.cwd(), target) || target, depth + 1, origin);
        // RFC 1035 §5.1: the origin (and, as BIND does, the owner) come back after the included file.
        state.origin = saved.origin;
        state.owner = saved.owner;
        return;
      }
      case '$GENERATE':
        throw new Error('$GENERATE is BIND-only: expand it first (named-compilezone -D -o expanded.zone ZONE FILE writes every record it makes), then import expanded.zone');
      default:
        throw new Error(`unknown directive ${name}: expected $ORIGIN, $TTL or $INCLUDE`);
    }
  };

  const record = (entry: Entry, shown: string) => {
    const all = entry.tokens;
    let at = 0;
    if (!entry.blankOwner) state.owner = parseName(all[at++].text, state.origin);
    if (!state.owner) throw new Error('no owner: the first record must name its owner');
    const owner = state.owner;
    let ttl: number | undefined;
    let classSeen = false;
    for (let k = 0; k < 2 && at < all.length; k++) {
      const word = all[at].text;
      const asTtl = all[at].quoted ? undefined : parseTtlWord(word);
      if (asTtl !== undefined && ttl === undefined) ttl = asTtl;
      else if (!classSeen && (word === 'IN' || word === 'in' || /^(IN|CH|HS|CS|CLASS[0-9]+)$/i.test(word))) {
        if (word.toUpperCase() !== 'IN') throw new Error(`class ${word}: tinydns serves class IN only`);
        classSeen = true;
      } else break;
      at++;
    }
    const tokens = at === 0 ? all : all.slice(at);
    const typeWord = tokens.shift();
    if (!typeWord) throw new Error('no type: expected [TTL] [IN] TYPE DATA');
    const type = typeOf(typeWord.text);
    if (!type) throw new Error(`unknown type "${typeWord.text}": write it in RFC 3597 form, TYPEnn \\# LENGTH HEX`);
    if (type.type < 0) throw new Error(`type ${typeWord.text.toUpperCase()} is read only in RFC 3597 form: TYPEnn \\# LENGTH HEX (its number from IANA's list)`);
    const rdata = parseRdata(type.type, tokens, state.origin);
    if (ttl !== undefined) state.lastTtl = ttl;
    else ttl = state.defaultTtl ?? state.lastTtl ?? (type.type === TYPES.SOA ? rdata.readUInt32BE(rdata.length - 4) : undefined);
    if (ttl === undefined) throw new Error('no TTL: give one or add $TTL at the top');
    keep({ file: shown, line: entry.line, owner, type: type.type, ttl, rdata });
  };

  // Each record is checked against the zone as it comes (those before the first SOA, when that
  // names the zone, once it does); these problems follow the others, in record order.
  const zoneProblems: string[] = [];
  const soas: MasterRecord[] = [];
  const pending: MasterRecord[] = [];
  const checkZone = (r: MasterRecord, zone: Labels) => {
    const where = `${r.file}:${r.line}:`;
    if (!isWithin(r.owner, zone)) zoneProblems.push(`${where} ${nameText(r.owner)} is outside the zone ${nameText(zone)}: remove it, or import it with its own zone`);
    else if (r.type === TYPES.SOA && nameKey(r.owner) !== nameKey(zone)) zoneProblems.push(`${where} SOA of ${nameText(r.owner)}, not at the zone's top ${nameText(zone)}: import that zone on its own`);
  };
  const keep = (r: MasterRecord) => {
    if (r.type === TYPES.SOA) soas.push(r);
    if (!zone && r.type === TYPES.SOA) {
      zone = r.owner;
      for (const earlier of pending.splice(0)) checkZone(earlier, zone);
    }
    if (zone) checkZone(r, zone);
    else pending.push(r);
    if (options.onRecord) options.onRecord(r);
    else records.push(r);
  };

  readFile(path, label, 0, zone);

  if (!zone) {
    problems.push(`${label}:1: no SOA record and no zone given: add the zone's SOA or give ZONE`);
    return { zone, records, problems };
  }
  problems.push(...zoneProblems);
  const zoneKey = nameKey(zone);
  for (const extra of soas.slice(1)) if (nameKey(extra.owner) === zoneKey) problems.push(`${extra.file}:${extra.line}: a second SOA for ${nameText(zone)}: a zone has one`);
  if (problems.length) sortProblems(problems);
  return { zone, records, problems };
}

/** Problems of one file in line order (directives and records are checked in one pass, SOA checks after). */
/** PATH with every link resolved; as given when it does not exist (the read then says so). */
function realOrAsIs(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

function sortProblems(problems: string[]): void {
  const key = (p: string) => {
    const m = /^(.*?):([0-9]+):/.exec(p);
    return m ? [m[1], Number(m[2])] as const : [p, 0] as const;
  };
  problems.sort((a, b) => {
    const [fa, la] = key(a);
    const [fb, lb] = key(b);
    return fa === fb ? la - lb : 0;
  });
}

export { typeName };
