// SOA serials that grow with every compile. tinydns-data makes a zone's default SOA serial
// data's mtime in seconds, so two compiles within one second give one serial, and a secondary
// that compares serials never sees the second change. Each compile therefore sets data's mtime
// (and data.cdb's after it) to one second past the last compile's serial, or to now if later.

/** The serial of the next compile: now in whole seconds, or one past the previous serial. */
export function nextSerial(nowSeconds: number, previousSerial: number | undefined): number {
  const now = Math.floor(nowSeconds);
  return previousSerial === undefined ? now : Math.max(now, previousSerial + 1);
}

/** The serial of the first SOA answer in tinydns-get's or dnsq's output (undefined if none). */
export function soaSerial(output: string): number | undefined {
  const match = /^answer: \S+ [0-9]+ SOA \S+ \S+ ([0-9]+) /m.exec(output);
  return match ? Number(match[1]) : undefined;
}
