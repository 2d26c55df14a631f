# sparqlwrapper.py - kgsh serve through SPARQLWrapper (Debian
# python3-sparqlwrapper): every competency question as SPARQL JSON and
# XML results (files for resultdiff), an ASK and a CONSTRUCT.
# Usage: python3 sparqlwrapper.py ENDPOINT QUESTIONS-DIR OUT-DIR
import json
import os
import sys

from SPARQLWrapper import JSON, XML, TURTLE, SPARQLWrapper

endpoint, qdir, out = sys.argv[1:4]


def client(query, fmt, post=False):
    s = SPARQLWrapper(endpoint)
    s.setQuery(query)
    s.setReturnFormat(fmt)
    if post:
        s.setMethod("POST")
    return s.query().convert()


for name in sorted(os.listdir(qdir)):
    if not name.endswith(".rq"):
        continue
    base = name[:-3]
    with open(os.path.join(qdir, name), encoding="utf-8") as f:
        q = f.read()
    with open(os.path.join(out, base + ".srj"), "w", encoding="utf-8") as f:
        json.dump(client(q, JSON), f)
    with open(os.path.join(out, base + ".srx"), "w", encoding="utf-8") as f:
        f.write(client(q, XML, post=True).toxml())

ask = client("ASK { ?s a <https://kgsh.dev/ontology/hz#Company> }", JSON)
print("ask", "true" if ask["boolean"] else "false")
ttl = client("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 25", TURTLE)
import rdflib  # noqa: E402 (only to count the statements)

g = rdflib.Graph()
g.parse(data=ttl.decode("utf-8") if isinstance(ttl, bytes) else ttl,
        format="turtle")
print("construct", len(g))
