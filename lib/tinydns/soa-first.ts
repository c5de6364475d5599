// tinydns serves one SOA per zone: the one of the first "." or "Z" line for it (checked with
// tinydns-get), so a Z line added after a "." line of its zone is never served.

/** The earlier "." or "Z" line of ZONE in TEXT (before the last line, the one just added), if any. */
export function earlierSoaLine(text: string, zone: string): string | undefined {
  const lines = text.split('\n').filter((line) => line !== '');
  lines.pop();
  const wanted = new RegExp(`^[.Z]${zone.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.?(:|$)`, 'i');
  return lines.find((line) => wanted.test(line));
}
