# rdflib_store.py - kgsh serve through rdflib's SPARQLStore and
# SPARQLUpdateStore (Debian python3-rdflib).
#   query ENDPOINT QUESTIONS-DIR OUT-DIR: every competency question,
#         the rows written as SPARQL JSON results for resultdiff
#   update QUERY-URL UPDATE-URL TOKEN: INSERT DATA, Graph.add to a named
#         graph, a DELETE; prints the counts seen through the store
import json
import os
import sys

import rdflib
from rdflib import BNode, Literal, URIRef
from rdflib.plugins.stores.sparqlstore import SPARQLStore, SPARQLUpdateStore


def term(t):
    if isinstance(t, URIRef):
        return {"type": "uri", "value": str(t)}
    if isinstance(t, BNode):
        return {"type": "bnode", "value": str(t)}
    d = {"type": "literal", "value": str(t)}
    if t.language:
        d["xml:lang"] = t.language
    elif t.datatype:
        d["datatype"] = str(t.datatype)
    return d


def query(endpoint, qdir, out):
    store = SPARQLStore(endpoint)
    g = rdflib.Graph(store=store)
    for name in sorted(os.listdir(qdir)):
        if not name.endswith(".rq"):
            continue
        with open(os.path.join(qdir, name), encoding="utf-8") as f:
            res = g.query(f.read())
        names = [str(v) for v in res.vars]
        rows = []
        for row in res:
            rows.append({v: term(row[i]) for i, v in enumerate(names)
                         if row[i] is not None})
        doc = {"head": {"vars": names}, "results": {"bindings": rows}}
        with open(os.path.join(out, name[:-3] + ".srj"), "w",
                  encoding="utf-8") as f:
            json.dump(doc, f)


def count(store, where):
    res = store.query("SELECT (COUNT(*) AS ?n) WHERE { %s }" % where)
    return int(list(res)[0][0])


def update(qurl, uurl, token):
    store = SPARQLUpdateStore(qurl, uurl, auth=None,
                              headers={"Authorization": "Bearer " + token})
    ex = "http://example.org/rdflib/"
    store.update("INSERT DATA { <%sa> <%sp> 1 , 2 , 3 }" % (ex, ex))
    print("inserted", count(store, "<%sa> <%sp> ?o" % (ex, ex)))
    g = rdflib.Graph(store=store, identifier=URIRef(ex + "graph"))
    g.add((URIRef(ex + "b"), URIRef(ex + "p"), Literal("x", lang="en")))
    g.add((URIRef(ex + "c"), URIRef(ex + "p"), Literal("y")))
    print("graph", len(g))
    store.update("DELETE WHERE { <%sa> <%sp> ?o }" % (ex, ex))
    print("deleted", count(store, "<%sa> <%sp> ?o" % (ex, ex)))


if sys.argv[1] == "query":
    query(*sys.argv[2:5])
else:
    update(*sys.argv[2:5])
