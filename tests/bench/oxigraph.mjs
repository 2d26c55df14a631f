// oxigraph.mjs - the Oxigraph side of `make bench`, measured inside Node.
//
//   node oxigraph.mjs MODULE_DIR FILE.nt RUNS CAP_S QUERY.rq...
//
// Loads FILE.nt into an in-memory oxigraph.Store (the npm package has no
// persistent store) and times the load and each query with
// process.hrtime.bigint(). Each query runs RUNS times reading every row; the
// first run is the warm-up and the median of the others is reported. A run
// taking longer than CAP_S seconds ends that query's measurements (a
// synchronous WebAssembly call cannot be interrupted, so such a query is
// reported as `timeout` after it finishes). Prints `key value` lines:
//   triples N / load_s S / peak_rss_kb K (after the load)
//   query NAME median_ms M rows N    or    query NAME timeout CAP_S
//   query NAME error MESSAGE
// With OXI_DUMP_DIR set, each query runs once more, untimed, and its rows
// are written to
// OXI_DUMP_DIR/NAME.tsv: a row is its bound variables as NAME=VALUE
// (VALUE in N-Triples form) sorted by name and separated by tabs; a
// statement is one N-Triples line.
import { createRequire } from "node:module";
import fs from "node:fs";
import path from "node:path";

const [modDir, file, runsArg, capArg, ...queries] = process.argv.slice(2);
if (!modDir || !file || !runsArg || !capArg) {
  console.error("usage: node oxigraph.mjs MODULE_DIR FILE.nt RUNS CAP_S QUERY.rq...");
  process.exit(2);
}
const require = createRequire(path.resolve(modDir) + "/");
const oxigraph = require("oxigraph");
const runs = Math.max(1, parseInt(runsArg, 10));
const capMs = parseFloat(capArg) * 1000;
const dumpDir = process.env.OXI_DUMP_DIR || "";

const ms = (a, b) => Number(b - a) / 1e6;

function* chunks(p) {
  const fd = fs.openSync(p, "r");
  const buf = Buffer.allocUnsafe(1 << 20);
  try {
    for (;;) {
      const n = fs.readSync(fd, buf, 0, buf.length, null);
      if (n <= 0) break;
      yield new Uint8Array(buf.subarray(0, n)); // a copy: the buffer is reused
    }
  } finally {
    fs.closeSync(fd);
  }
}

const store = new oxigraph.Store();
const t0 = process.hrtime.bigint();
store.load(chunks(file), { format: "application/n-triples" });
const t1 = process.hrtime.bigint();
console.log(`triples ${store.size}`);
console.log(`load_s ${(ms(t0, t1) / 1000).toFixed(3)}`);
console.log(`peak_rss_kb ${process.resourceUsage().maxRSS}`);

const nt = (t) => (t ? t.toString() : "");

// Runs the query once and reads every value; returns the row count and,
// when `lines` is an array, the rows in the dump format.
function runOnce(text, lines) {
  const res = store.query(text);
  if (typeof res === "boolean") {
    if (lines) lines.push(String(res));
    return 1;
  }
  if (typeof res === "string") return res.length ? 1 : 0;
  let n = 0;
  for (const r of res) {
    n++;
    if (r instanceof Map) {
      const vals = [];
      for (const [k, v] of r) vals.push(`${k}=${nt(v)}`);
      if (lines) lines.push(vals.sort().join("\t"));
    } else {
      const l = `${nt(r.subject)} ${nt(r.predicate)} ${nt(r.object)} .`;
      if (lines) lines.push(l);
    }
  }
  return n;
}

for (const q of queries) {
  const name = path.basename(q, ".rq");
  const text = fs.readFileSync(q, "utf8");
  const times = [];
  let rows = 0;
  let failed = null;
  let capped = false;
  for (let i = 0; i < runs; i++) {
    const a = process.hrtime.bigint();
    try {
      rows = runOnce(text, null);
    } catch (e) {
      failed = String(e.message || e).split("\n")[0];
      break;
    }
    const b = process.hrtime.bigint();
    times.push(ms(a, b));
    if (ms(a, b) > capMs) {
      capped = true;
      break;
    }
  }
  if (failed !== null) {
    console.log(`query ${name} error ${failed}`);
    continue;
  }
  if (capped) {
    console.log(`query ${name} timeout ${capArg}`);
    continue;
  }
  const warm = (times.length > 1 ? times.slice(1) : times).sort((x, y) => x - y);
  const k = warm.length;
  const med = k % 2 ? warm[(k - 1) / 2] : (warm[k / 2 - 1] + warm[k / 2]) / 2;
  console.log(`query ${name} median_ms ${med.toFixed(3)} rows ${rows}`);
  if (dumpDir) {
    const lines = [];
    runOnce(text, lines);
    fs.writeFileSync(path.join(dumpDir, `${name}.tsv`), lines.map((l) => l + "\n").join(""));
  }
}
