# rdf.py - the W3C RDF 1.1 syntax suites (N-Triples, N-Quads, Turtle,
# TriG, RDF/XML) through the kgsh binary, as a user loads a file:
#
#   kgsh -q memory: -l FILE -e '.export OUT nquads'
#
# A positive syntax test must load; a negative one must fail with an error
# placed at FILE:LINE:COLUMN and leave the store empty (OUT has nothing);
# an evaluation test's OUT must be the same dataset as its mf:result,
# blank nodes up to renaming (rdflib's isomorphism; language tags
# compared in lower case, as RDF 1.1 allows). kgsh gives a file its file:
# URI as base; OUT's IRIs under the suite's folder are mapped back to the
# manifest's mf:assumedTestBase, as the tests assume.
#
# Usage: python3 rdf.py KGSH RDF11-DIR [--expect FILE] [--list FILE]
#        [--only TEXT] [-v]
# Prints a line per failure, a count per suite and "N passed, N failed";
# with --expect, exits 1 only when a test listed in FILE fails (a
# regression); without it, on any failure.
import os
import re
import subprocess
import sys
import tempfile

import rdflib
from rdflib import RDF, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.compare import to_isomorphic, graph_diff

rdflib.NORMALIZE_LITERALS = False  # compare lexical forms as written

MF = rdflib.Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
RDFT = rdflib.Namespace("http://www.w3.org/ns/rdftest#")
SUITES = ("rdf-n-triples", "rdf-n-quads", "rdf-turtle", "rdf-trig", "rdf-xml")
PLACE = re.compile(r"Error: syntax error [^\n]*|Error: [^\n]*")


def kind_of(types):
    for t in types:
        name = str(t).rsplit("#", 1)[-1]
        for k in ("PositiveSyntax", "NegativeSyntax", "NegativeEval", "Eval"):
            if name.endswith(k):
                return k
    return None


BNODE = re.compile(r"_:(\S+)")
Q = rdflib.Namespace("urn:x-quad:")


def flat(path, mapping=None):
    """A dataset as one graph: (s, <p~~g>, o), or, in a graph named by a
    blank node, the quad as a node of its own (so that isomorphism maps
    graph names too); language tags lowercased."""
    text = open(path, encoding="utf-8").read()
    if mapping:
        text = text.replace(mapping[0], mapping[1])
    # rdflib reads only ASCII blank node labels: the same renaming both sides
    text = BNODE.sub(lambda m: "_:x" + m.group(1).encode().hex(), text)
    ds = rdflib.ConjunctiveGraph()
    # triples without a graph go to the context the parse made
    dflt_id = ds.parse(data=text, format="nquads").identifier
    g = Graph()
    for s, p, o, c in ds.quads((None, None, None, None)):
        name = c.identifier if c is not None else None
        dflt = name is None or name == dflt_id
        if isinstance(o, Literal) and o.language:
            o = Literal(str(o), lang=o.language.lower())
        if not dflt and isinstance(name, rdflib.BNode):
            q = rdflib.BNode()
            for k, v in (("s", s), ("p", p), ("o", o), ("g", name)):
                g.add((q, Q[k], v))
        else:
            g.add((s, URIRef(str(p) + "~~" + ("" if dflt else str(name))), o))
    return g


def run_kgsh(kgsh, path, out):
    p = subprocess.run([kgsh, "-q", "memory:", "-l", path,
                        "-e", ".export %s nquads" % out],
                       capture_output=True, timeout=120)
    return p.returncode, p.stderr.decode("utf-8", "replace")


def check(kgsh, kind, action, result, base_map, tmp):
    out = os.path.join(tmp, "out.nq")
    if os.path.exists(out):
        os.unlink(out)
    rc, err = run_kgsh(kgsh, action, out)
    loaded = os.path.exists(out) and os.path.getsize(out) > 0
    if kind == "PositiveSyntax":
        return None if rc == 0 else "rejected: " + err.strip()[:300]
    if kind in ("NegativeSyntax", "NegativeEval"):
        if rc == 0:
            return "accepted"
        if loaded:
            return "rejected, but loaded statements"
        here = re.escape(action) + r":(\d+):(\d+): "
        if not re.search(here, err):
            return "rejected without file:line:column: " + err.strip()[:300]
        return None
    if rc != 0:
        return "rejected: " + err.strip()[:300]
    try:
        a = flat(out, base_map)
        b = flat(result)
    except Exception as e:  # noqa: BLE001 - a parse error of either side
        return "cannot compare: %s" % e
    ia, ib = to_isomorphic(a), to_isomorphic(b)
    if ia == ib:
        return None
    _, only_a, only_b = graph_diff(ia, ib)
    msg = "differs: %d statements, expected %d" % (len(a), len(b))
    for name, side in (("extra", only_a), ("missing", only_b)):
        for t in sorted(side)[:3]:
            msg += "\n    %s: %s" % (name, " ".join(x.n3() for x in t))
    return msg


def main(argv):
    args = argv[1:]
    opts = {"--expect": None, "--list": None, "--only": None}
    verbose = False
    pos = []
    i = 0
    while i < len(args):
        if args[i] in opts and i + 1 < len(args):
            opts[args[i]] = args[i + 1]
            i += 2
        elif args[i] == "-v":
            verbose = True
            i += 1
        else:
            pos.append(args[i])
            i += 1
    if len(pos) != 2:
        print("usage: rdf.py KGSH RDF11-DIR [--expect FILE] [--list FILE] "
              "[--only TEXT] [-v]", file=sys.stderr)
        return 2
    kgsh, root = os.path.abspath(pos[0]), os.path.realpath(pos[1])
    expect = None
    if opts["--expect"]:
        with open(opts["--expect"]) as f:
            expect = {l.strip() for l in f if l.strip() and not l.startswith("#")}
    passed, failed = [], []
    with tempfile.TemporaryDirectory() as tmp:
        for suite in SUITES:
            d = os.path.join(root, suite)
            mpath = os.path.join(d, "manifest.ttl")
            if not os.path.exists(mpath):
                print("rdf: %s not found; skipped" % suite)
                continue
            g = Graph()
            local = "file://" + d + "/"
            g.parse(mpath, format="turtle", publicID=local + "manifest.ttl")
            man = URIRef(local + "manifest.ttl")
            tbase = g.value(man, MF.assumedTestBase)
            tbase = str(tbase) if tbase else \
                "https://w3c.github.io/rdf-tests/rdf/rdf11/%s/" % suite
            base_map = (local, tbase)
            ok = bad = 0
            for t in Collection(g, g.value(man, MF.entries)):
                kind = kind_of(g.objects(t, RDF.type))
                name = str(t).rsplit("#", 1)[-1]
                tid = "%s/%s" % (suite, name)
                if opts["--only"] and opts["--only"] not in tid:
                    continue
                approval = g.value(t, RDFT.approval)
                if approval is not None and "Rejected" in str(approval):
                    continue
                action = str(g.value(t, MF.action))[len("file://"):]
                res = g.value(t, MF.result)
                result = str(res)[len("file://"):] if res else None
                why = check(kgsh, kind, action, result, base_map, tmp)
                if why is None:
                    ok += 1
                    passed.append(tid)
                    if verbose:
                        print("PASS %s" % tid)
                else:
                    bad += 1
                    failed.append(tid)
                    print("FAIL %s (%s): %s" % (tid, kind, why))
            print("%-16s %4d/%d" % (suite, ok, ok + bad))
    print("%d passed, %d failed" % (len(passed), len(failed)))
    if opts["--list"]:
        with open(opts["--list"], "w") as f:
            f.write("# tests of tests/conformance/rdf.py that must keep passing\n")
            for t in sorted(passed):
                f.write(t + "\n")
    if expect is not None:
        lost = sorted(set(failed) & expect)
        for t in lost:
            print("REGRESSION %s" % t)
        return 1 if lost else 0
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
