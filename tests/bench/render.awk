# render.awk - turns the raw records of tests/bench/run.sh into a table.
#
#   awk -F '\t' -v fmt=text|md|json -f render.awk RAW
#
# Records (tab-separated):
#   I key value            machine and run information
#   M id label better      a measurement; better = lower (ratios kgsh/peer
#                          are printed) or higher (no ratio)
#   V id engine value      a number, ">Ns" (stopped at the cap), "n/a"
#                          (the engine cannot run it), "absent", "error"
#   R id engine rows       rows (or statements) of a query's answer
#   C id text              the result of comparing answers
#   X text                 a note
# Ratios are kgsh / peer: below 1 means kgsh is faster (or smaller).

BEGIN {
  ne = split("kgsh rapper serdi rdfproc roqet oxigraph virtuoso", eng, " ")
  nr = split("rapper serdi rdfproc roqet oxigraph virtuoso", rat, " ")
}

$1 == "I" { info_k[++ni] = $2; info_v[ni] = $3; next }
$1 == "M" { id[++nm] = $2; label[$2] = $3; better[$2] = $4; next }
$1 == "V" { val[$2, $3] = $4; next }
$1 == "R" { rows[$2, $3] = $4; hasrows[$2] = 1; next }
$1 == "C" { chk[$2] = (chk[$2] == "" ? "" : chk[$2] "; ") $3; next }
$1 == "X" { note[++nn] = $2; next }

function isnum(v) { return v ~ /^[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?$/ }

function fnum(v,   a) {
  if (!isnum(v)) return v
  a = v + 0
  if (a >= 1000) return sprintf("%.0f", a)
  if (a >= 100) return sprintf("%.1f", a)
  if (a >= 10) return sprintf("%.2f", a)
  if (a >= 1) return sprintf("%.3f", a)
  return sprintf("%.4f", a)
}

function fratio(r) {
  if (r >= 100) return sprintf("%.0f", r)
  if (r >= 10) return sprintf("%.1f", r)
  if (r >= 0.1) return sprintf("%.2f", r)
  if (r >= 0.001) return sprintf("%.4f", r)
  return sprintf("%.1e", r)
}

# kgsh / peer, with the caps taken into account
function ratio(m, p,   k, v, kc, vc) {
  if (better[m] != "lower") return ""
  k = val[m, "kgsh"]; v = val[m, p]
  kc = k ~ /^>/; vc = v ~ /^>/
  sub(/^>/, "", k); sub(/s$/, "", k); sub(/^>/, "", v); sub(/s$/, "", v)
  if (!isnum(k) || !isnum(v) || (kc && vc)) return ""
  if (m ~ /^q/ && kc) k = k * 1000
  if (m ~ /^q/ && vc) v = v * 1000
  if (v + 0 == 0) return ""
  if (vc) return "<" fratio(k / v)
  if (kc) return ">" fratio(k / v)
  return fratio(k / v)
}

function check(m,   e, first, same, n, s, out) {
  out = ""
  if (hasrows[m]) {
    first = ""; same = 1; s = ""
    for (e = 1; e <= ne; e++) {
      n = rows[m, eng[e]]
      if (n == "") continue
      if (first == "") first = n
      else if (n != first) same = 0
      s = s (s == "" ? "" : ", ") eng[e] " " n
    }
    if (first != "")
      out = same ? "rows " first " (all agree)" : "ROWS DIFFER: " s
  }
  if (chk[m] != "") out = out (out == "" ? "" : "; ") chk[m]
  return out
}

function jstr(s) {
  gsub(/\\/, "\\\\", s); gsub(/"/, "\\\"", s); gsub(/\t/, "\\t", s)
  return "\"" s "\""
}

function jval(v) {
  if (v == "") return "null"
  if (isnum(v)) return v + 0 == int(v + 0) && v !~ /\./ ? v : v + 0
  return jstr(v)
}

function cell(v) { return v == "" ? "-" : fnum(v) }

END {
  if (fmt == "json") {
    printf "{\n  \"info\": {"
    for (i = 1; i <= ni; i++)
      printf "%s\n    %s: %s", (i > 1 ? "," : ""), jstr(info_k[i]), jstr(info_v[i])
    printf "\n  },\n  \"ratio\": \"kgsh / peer; below 1 means kgsh is faster or smaller\",\n"
    printf "  \"measurements\": ["
    for (i = 1; i <= nm; i++) {
      m = id[i]
      printf "%s\n    {\"id\": %s, \"label\": %s, \"better\": %s,", (i > 1 ? "," : ""), jstr(m), jstr(label[m]), jstr(better[m])
      printf "\n     \"values\": {"
      c = 0
      for (e = 1; e <= ne; e++)
        if ((m, eng[e]) in val) printf "%s%s: %s", (c++ ? ", " : ""), jstr(eng[e]), jval(val[m, eng[e]])
      printf "},\n     \"ratios\": {"
      c = 0
      for (p = 1; p <= nr; p++) {
        r = ratio(m, rat[p])
        if (r != "") printf "%s%s: %s", (c++ ? ", " : ""), jstr("kgsh/" rat[p]), jval(r)
      }
      printf "}"
      if (hasrows[m]) {
        printf ",\n     \"rows\": {"
        c = 0
        for (e = 1; e <= ne; e++)
          if ((m, eng[e]) in rows) printf "%s%s: %s", (c++ ? ", " : ""), jstr(eng[e]), jval(rows[m, eng[e]])
        printf "}"
      }
      printf ",\n     \"check\": %s}", jstr(check(m))
    }
    printf "\n  ],\n  \"notes\": ["
    for (i = 1; i <= nn; i++) printf "%s\n    %s", (i > 1 ? "," : ""), jstr(note[i])
    printf "\n  ]\n}\n"
    exit
  }

  if (fmt == "md") {
    for (i = 1; i <= ni; i++) printf "- %s: %s\n", info_k[i], info_v[i]
    printf "\n| measurement |"
    for (e = 1; e <= ne; e++) printf " %s |", eng[e]
    for (p = 1; p <= nr; p++) printf " kgsh/%s |", rat[p]
    printf " check |\n|---|"
    for (e = 1; e <= ne + nr; e++) printf "---:|"
    printf "---|\n"
    for (i = 1; i <= nm; i++) {
      m = id[i]
      printf "| %s |", label[m]
      for (e = 1; e <= ne; e++) printf " %s |", cell(val[m, eng[e]])
      for (p = 1; p <= nr; p++) { r = ratio(m, rat[p]); printf " %s |", r == "" ? "" : r }
      printf " %s |\n", check(m)
    }
    printf "\nRatios are kgsh / peer: below 1 means kgsh is faster (or smaller).\n"
    if (nn) printf "\nNotes:\n\n"
    for (i = 1; i <= nn; i++) printf "- %s\n", note[i]
    exit
  }

  # text
  for (i = 1; i <= ni; i++) printf "%-10s %s\n", info_k[i] ":", info_v[i]
  w = 44
  printf "\n%-" w "s", "measurement"
  for (e = 1; e <= ne; e++) printf " %9s", eng[e]
  for (p = 1; p <= nr; p++) printf " %9s", "/" rat[p]
  printf "  check\n"
  for (i = 1; i <= nm; i++) {
    m = id[i]
    printf "%-" w "s", substr(label[m], 1, w)
    for (e = 1; e <= ne; e++) printf " %9s", cell(val[m, eng[e]])
    for (p = 1; p <= nr; p++) { r = ratio(m, rat[p]); printf " %9s", r == "" ? "" : r }
    printf "  %s\n", check(m)
  }
  printf "\n/peer columns: kgsh / peer (below 1 = kgsh faster or smaller)\n"
  for (i = 1; i <= nn; i++) printf "note: %s\n", note[i]
}
