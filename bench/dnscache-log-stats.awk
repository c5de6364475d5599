# The awk baseline for summariseLog: the same fields from a multilog-stamped dnscache log.
# Queries per client (hex, undecoded), per type, per name; lines per keyword; last stats line.
{ kind[$2]++ }
$2 == "query" { q++; split($4, a, ":"); client[a[1]]++; type[$5]++; name[$6]++ }
$2 == "stats" { stats = $3 " " $4 " " $5 " " $6 }
END {
  nc = 0; for (x in client) nc++
  nn = 0; for (x in name) nn++
  nt = 0; for (x in type) nt++
  print "lines", NR, "queries", q + 0, "clients", nc, "names", nn, "types", nt, "stats", stats
  for (x in client) print "client", x, client[x]
  for (x in type) print "type", x, type[x]
  for (x in name) print "name", x, name[x]
  for (x in kind) print "kind", x, kind[x]
}
