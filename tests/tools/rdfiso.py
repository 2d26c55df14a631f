#!/usr/bin/python3
"""rdfiso.py - are two RDF datasets the same up to blank node labels?

    rdfiso.py FILE-A FORMAT-A FILE-B FORMAT-B

FORMAT is an rdflib parser name (nquads, json-ld, trig, ...). Each quad
(s, p, o, g) becomes the triple (s, <p~~g>, o) of one graph, so rdflib's
graph isomorphism compares whole datasets, graph names included. Exit 0
when isomorphic; 1 with the first differences; 2 on a parse error.
Also: rdfiso.py --to-jsonld FILE FORMAT OUT writes FILE as rdflib's JSON-LD.
"""
import sys

from rdflib import ConjunctiveGraph, Graph, URIRef
from rdflib.compare import graph_diff, to_isomorphic


def flat(path, fmt):
    ds = ConjunctiveGraph()
    ds.parse(path, format=fmt)
    g = Graph()
    for s, p, o, c in ds.quads((None, None, None, None)):
        name = c.identifier if c is not None else None
        dflt = name is None or str(name).startswith("urn:x-rdflib:")
        g.add((s, URIRef(str(p) + "~~" + ("" if dflt else str(name))), o))
    return g


def main(argv):
    if len(argv) == 5 and argv[1] == "--to-jsonld":
        ds = ConjunctiveGraph()
        ds.parse(argv[2], format=argv[3])
        ds.serialize(destination=argv[4], format="json-ld")
        return 0
    if len(argv) != 5:
        print(__doc__, file=sys.stderr)
        return 2
    try:
        a, b = flat(argv[1], argv[2]), flat(argv[3], argv[4])
    except Exception as e:  # a parse error of either side
        print("rdfiso: cannot read: %s" % e, file=sys.stderr)
        return 2
    ia, ib = to_isomorphic(a), to_isomorphic(b)
    if ia == ib:
        print("isomorphic: %d statements" % len(a))
        return 0
    _, only_a, only_b = graph_diff(ia, ib)
    print("differ: %d statements vs %d" % (len(a), len(b)))
    for name, side in (("only in A", only_a), ("only in B", only_b)):
        for i, t in enumerate(sorted(side)):
            if i == 5:
                print("  ...")
                break
            print("  %s: %s" % (name, " ".join(x.n3() for x in t)))
    return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
