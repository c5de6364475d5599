// DNS query types as dnscache logs them (a number) and as people say them.

const names: Record<number, string> = {
  1: 'a', 2: 'ns', 5: 'cname', 6: 'soa', 12: 'ptr', 13: 'hinfo', 15: 'mx', 16: 'txt', 17: 'rp',
  18: 'afsdb', 24: 'sig', 25: 'key', 28: 'aaaa', 29: 'loc', 33: 'srv', 35: 'naptr', 39: 'dname',
  43: 'ds', 46: 'rrsig', 47: 'nsec', 48: 'dnskey', 50: 'nsec3', 52: 'tlsa', 64: 'svcb', 65: 'https',
  99: 'spf', 251: 'ixfr', 252: 'axfr', 255: 'any', 257: 'caa',
};

const numbers: Record<string, number> = Object.fromEntries(Object.entries(names).map(([n, name]) => [name, Number(n)]));

/** `1` → `a`; a type without a common name stays a number (`65280` → `65280`). */
export function queryTypeName(type: number): string {
  return Object.hasOwn(names, type) ? names[type] : String(type);
}

/** `a`/`A` → 1, `28` → 28; undefined when neither a known name nor a number 0-65535. */
export function queryTypeNumber(nameOrNumber: string): number | undefined {
  if (/^[0-9]{1,5}$/.test(nameOrNumber)) {
    const n = Number(nameOrNumber);
    return n <= 65535 ? n : undefined;
  }
  const name = nameOrNumber.toLowerCase();
  return Object.hasOwn(numbers, name) ? numbers[name] : undefined;
}
