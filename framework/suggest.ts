// Closest names for "did you mean" hints on usage errors.

function editDistance(a: string, b: string): number {
  const previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = previous[0];
    previous[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = previous[j];
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      previous[j] = Math.min(previous[j] + 1, previous[j - 1] + 1, diagonal + cost);
      diagonal = above;
    }
  }
  return previous[b.length];
}

/** Names close to `wanted` (case-insensitive), best first, at most `limit`. */
export function closestNames(wanted: string, names: Iterable<string>, limit = 3): string[] {
  const lower = wanted.toLowerCase();
  const scored: Array<[number, string]> = [];
  for (const name of names) {
    const candidate = name.toLowerCase();
    let score = editDistance(lower, candidate);
    if (candidate.startsWith(lower) || candidate.includes(lower)) score = Math.min(score, 1);
    if (score <= Math.max(2, Math.floor(candidate.length / 3))) scored.push([score, name]);
  }
  return scored.sort((x, y) => x[0] - y[0] || x[1].localeCompare(y[1])).slice(0, limit).map(([, n]) => n);
}
