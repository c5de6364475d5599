// logStats -p since=TIME: how long ago (90s, 30m, 2h, 1d) or a local time (2026-11-25 14:00,
// seconds optional). Checked when parameters are read, so it stays small: the stamp a line
// must reach is made where logStats runs.

const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400 };

/** The moment TIME names, or a reason it names none. */
export function parseSince(text: string, now = new Date()): Date | string {
  const ago = /^([0-9]{1,7})([smhd])$/.exec(text);
  if (ago) return new Date(now.getTime() - Number(ago[1]) * UNIT_SECONDS[ago[2]] * 1000);
  const local = /^([0-9]{4})-([0-9]{2})-([0-9]{2})[ T]([0-9]{2}):([0-9]{2})(?::([0-9]{2}))?$/.exec(text);
  if (local) {
    const [year, month, day, hour, minute] = local.slice(1, 6).map(Number);
    const second = local[6] === undefined ? 0 : Number(local[6]);
    const date = new Date(year, month - 1, day, hour, minute, second);
    // Date rolls 2026-02-30 over into March: a day or hour that does not exist is refused
    if (date.getFullYear() === year && date.getMonth() === month - 1 && date.getDate() === day && date.getHours() === hour && date.getMinutes() === minute) {
      return date;
    }
    return `no such local time: ${text}`;
  }
  return 'expected how long ago (90s, 30m, 2h, 1d) or a local time like "2026-11-25 14:00"';
}

/** For the parameter declaration: undefined when TIME is fine (or empty: no limit). */
export function sinceComplaint(text: string): string | undefined {
  if (text === '') return undefined;
  const parsed = parseSince(text);
  return typeof parsed === 'string' ? parsed : undefined;
}

