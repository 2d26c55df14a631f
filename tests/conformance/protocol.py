# protocol.py - the W3C suites that need a server, run against kgsh serve:
# SPARQL 1.1 Protocol (sparql11/protocol: each test's requests sent in
# order, status, result format and boolean checked), Graph Store HTTP
# Protocol (sparql11/http-rdf-update: the requests written in each test's
# comment, status and returned graph checked) and Service Description
# (sparql11/service-description). Manifests are read with rdflib.
# Usage: python3 protocol.py KGSH SPARQL11-DIR [--expect FILE] [-v]
# Prints a line per failure, a count per suite, and "N passed, N failed";
# with --expect, exits 1 only when a test listed in FILE fails.
import http.client
import json
import os
import re
import subprocess
import sys

import rdflib
from rdflib import RDF, RDFS, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.compare import isomorphic

MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
HT = Namespace("http://www.w3.org/2011/http#")
CNT = Namespace("http://www.w3.org/2011/content#")
UT = Namespace("http://www.w3.org/2009/sparql/tests/test-update#")
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")

RESULT_TYPES = ("application/sparql-results+json", "application/sparql-results+xml",
                "text/csv", "text/tab-separated-values")
RDF_TYPES = ("text/turtle", "application/n-triples", "application/rdf+xml",
             "application/n-quads", "application/trig", "application/rdf+json")


class Server:
    """kgsh serve on a memory store, on a port it picks."""

    def __init__(self, kgsh, *args):
        self.p = subprocess.Popen(
            [kgsh, "serve", "memory:", "--update", "--port", "0", "-q"] + list(args),
            stderr=subprocess.PIPE, text=True)
        self.port = None
        for line in self.p.stderr:
            m = re.search(r" at http://127\.0\.0\.1:(\d+)/", line)
            if m:
                self.port = int(m.group(1))
                break
        if not self.port:
            raise RuntimeError("kgsh serve did not start")

    def request(self, method, path, body=None, headers=None):
        c = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        c.request(method, path, body=body, headers=headers or {})
        r = c.getresponse()
        data = r.read()
        c.close()
        return r.status, r.getheader("Content-Type") or "", r.getheader("Location"), data

    def stop(self):
        self.p.terminate()
        rest = self.p.stderr.read()
        self.p.wait(timeout=60)
        return rest


def entries(g, manifest):
    lst = g.value(manifest, MF.entries)
    return list(Collection(g, lst)) if lst else []


def load_manifest(path):
    g = rdflib.Graph()
    g.parse(path, format="turtle", publicID="file://" + os.path.abspath(path))
    return g, URIRef("file://" + os.path.abspath(path))


def name_of(test):
    return str(test).split("#")[-1]


# ------------------------------------------------------------ protocol

# hts:NoContent and the like: their codes
NAMED_STATUS = {phrase.replace(" ", "").replace("-", ""): code
                for code, phrase in http.client.responses.items()}


def status_ok(g, resp, code):
    allowed = [str(s).split("#")[-1] for s in g.objects(resp, MF.expectedStatus)]
    for a in allowed:
        if NAMED_STATUS.get(a) == code:
            return True
        m = re.match(r"StatusCode(\d)xx$", a)
        if m and code // 100 == int(m.group(1)):
            return True
        m = re.match(r"StatusCode(\d\d\d)$", a)
        if m and code == int(m.group(1)):
            return True
    return not allowed


def boolean_of(ctype, data):
    text = data.decode("utf-8", "replace")
    if ctype.startswith("application/sparql-results+json"):
        return json.loads(text).get("boolean")
    m = re.search(r"<boolean>\s*(true|false)\s*</boolean>", text)
    if m:
        return m.group(1) == "true"
    return None


def run_protocol(kgsh, g, test, verbose, gsp=False):
    srv = Server(kgsh, "--strict-dataset")
    location = None
    try:
        for gd in g.objects(test, UT.graphData):
            src = str(g.value(gd, UT.graph))[len("file://"):]
            label = str(g.value(gd, RDFS.label))
            with open(src, "rb") as f:
                st, _, _, body = srv.request(
                    "PUT", "/store?graph=" + label, f.read(),
                    {"Content-Type": "application/n-triples"})
            if st >= 300:
                return "cannot load %s: %s" % (label, body[:200])
        action = g.value(test, MF.action)
        for rq in Collection(g, g.value(action, HT.requests)):
            method = str(g.value(rq, HT.methodName))
            path = str(g.value(rq, HT.absolutePath))
            if gsp:
                # the suite's graph store is /gsp, kgsh's /store; graphs
                # are named after the connection's host (www.example)
                path = re.sub(r"^/gsp", "/store", path)
                if location:
                    path = path.replace("$LOCATION$", location)
            headers = {"Host": str(g.value(action, HT.connectionAuthority) or "localhost")}
            for h in Collection(g, g.value(rq, HT.headers)) if g.value(rq, HT.headers) else []:
                headers[str(g.value(h, HT.fieldName))] = str(g.value(h, HT.fieldValue))
            body = None
            b = g.value(rq, HT.body)
            if b is not None:
                chars = str(g.value(b, CNT.chars))
                ctype = headers.get("content-type", "")
                m = re.search(r"charset=([\w-]+)", ctype, re.I)
                body = chars.encode(m.group(1) if m else "utf-8")
            code, ctype, loc, data = srv.request(method, path, body, headers)
            resp = g.value(rq, HT.resp)
            if loc and g.value(resp, MF.expectedLocation) is not None:
                location = loc
            if not status_ok(g, resp, code):
                return "%s %s: status %d (%s)" % (method, path[:60], code,
                                                  data[:150].decode("utf-8", "replace").strip())
            fmt = g.value(resp, MF.expectedFormat)
            if fmt is not None:
                want = {"boolean": RESULT_TYPES, "tabular": RESULT_TYPES,
                        "RDF": RDF_TYPES}[str(fmt)]
                if not ctype.split(";")[0].strip() in want:
                    return "%s: Content-Type %s for %s" % (method, ctype, fmt)
            exp = g.value(resp, MF.expectedBoolean)
            if exp is not None and boolean_of(ctype, data) != exp.toPython():
                return "%s: boolean %s, expected %s" % (method, boolean_of(ctype, data), exp)
            rb = g.value(resp, HT.body)
            if rb is not None and method == "GET":
                want = rdflib.Graph().parse(data=str(g.value(rb, CNT.chars)), format="turtle")
                try:
                    got = rdflib.Graph().parse(data=data.decode("utf-8"), format="turtle")
                except Exception as e:  # noqa: BLE001 (any parse failure is the answer)
                    return "GET %s: unreadable Turtle: %s" % (path, e)
                if not isomorphic(want, got):
                    return "GET %s: another graph: %s" % (path, data[:200])
        return None
    finally:
        err = srv.stop()
        if "ERROR: AddressSanitizer" in err or "runtime error:" in err:
            return "sanitizer: " + err[:300]


# ---------------------------------------------------- graph store (GSP)

def gsp_parts(comment):
    """(request lines, body, response lines, body) from a test's comment"""
    req, resp = comment.split("#### Response")
    req = req.split("#### Request")[1]

    def split(block):
        lines = [l[4:] if l.startswith("    ") else l.strip() for l in block.strip("\n").split("\n")]
        while lines and not lines[0].strip():
            lines.pop(0)
        head, body, in_body = [], [], False
        for l in lines:
            if not in_body and not l.strip():
                in_body = bool(head)
                continue
            (body if in_body else head).append(l)
        return head, "\n".join(body).strip()
    return split(req) + split(resp)


def run_gsp(kgsh, g, tests, verbose):
    srv = Server(kgsh, "--strict-dataset")
    host = "127.0.0.1:%d" % srv.port
    results = []
    newpath = None
    for t in tests:
        if name_of(t) == "delete__existing_graph":
            # the suite deletes a graph none of its tests makes: made here,
            # as the newer graph-store-protocol suite does with a PUT first
            srv.request("PUT", "/store/person/2.ttl",
                        b"<http://example.org/p2> a <http://xmlns.com/foaf/0.1/Person> .",
                        {"Content-Type": "text/turtle", "Host": host})
        comment = [str(c) for c in g.objects(t, RDFS.comment) if "#### Request" in str(c)]
        if not comment:
            results.append((t, "no request in the test"))
            continue
        text = comment[0].replace("$HOST$", host).replace("$GRAPHSTORE$", "store")
        text = text.replace(" store", " /store")
        if newpath:
            text = text.replace("$NEWPATH$", newpath)
        rhead, rbody, shead, sbody = gsp_parts(text)
        method, path = rhead[0].split()[:2]
        if not path.startswith("/"):
            path = "/" + path
        headers = {}
        for l in rhead[1:]:
            k, v = l.split(":", 1)
            headers[k.strip()] = v.strip()
        headers["Host"] = host
        body = rbody.encode("utf-8") if rbody else None
        if "multipart/form-data" in headers.get("Content-Type", "") and body:
            body = body.replace(b"\n", b"\r\n")
        code, ctype, location, data = srv.request(method, path, body, headers)
        want = int(shead[0].split()[0])
        why = None
        if code != want:
            why = "%s %s: status %d, expected %d (%s)" % (
                method, path, code, want, data[:150].decode("utf-8", "replace").strip())
        elif location and code == 201 and method == "POST":
            newpath = re.sub(r"^https?://[^/]+", "", location)
        if not why and sbody and method == "GET":
            exp = rdflib.Graph().parse(data=sbody, format="turtle")
            try:
                got = rdflib.Graph().parse(data=data.decode("utf-8"), format="turtle")
                if not isomorphic(exp, got):
                    why = "GET %s: another graph: %s" % (path, data[:200])
            except Exception as e:  # noqa: BLE001 (any parse failure is the answer)
                why = "GET %s: unreadable Turtle: %s" % (path, e)
        results.append((t, why))
    err = srv.stop()
    if "ERROR: AddressSanitizer" in err or "runtime error:" in err:
        results.append((URIRef("#sanitizer"), err[:300]))
    return results


# ------------------------------------------------ service description

def run_sd(kgsh, tests):
    srv = Server(kgsh)
    results = []
    endpoint = "http://127.0.0.1:%d/sparql" % srv.port
    code, ctype, _, data = srv.request("GET", "/sparql", None,
                                       {"Accept": "text/turtle", "Host": "127.0.0.1:%d" % srv.port})
    graph, why = None, None
    try:
        graph = rdflib.Graph().parse(data=data.decode("utf-8"), format="turtle")
    except Exception as e:  # noqa: BLE001
        why = "not Turtle: %s" % e
    for t in tests:
        n = name_of(t)
        w = why
        if not w and n == "returns-rdf" and (code != 200 or not ctype.startswith("text/turtle")):
            w = "status %d, %s" % (code, ctype)
        if not w and n == "has-endpoint-triple" and \
                (None, SD.endpoint, URIRef(endpoint)) not in graph:
            w = "no sd:endpoint <%s>" % endpoint
        if not w and n == "conforms-to-schema":
            svc = list(graph.subjects(RDF.type, SD.Service))
            if len(svc) != 1:
                w = "%d sd:Service" % len(svc)
            elif not list(graph.objects(svc[0], SD.supportedLanguage)):
                w = "no sd:supportedLanguage"
            else:
                ds = graph.value(svc[0], SD.defaultDataset)
                if ds is None or (ds, RDF.type, SD.Dataset) not in graph or \
                        graph.value(ds, SD.defaultGraph) is None:
                    w = "no sd:defaultDataset with an sd:defaultGraph"
        results.append((t, w))
    srv.stop()
    return results


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("-")]
    verbose = "-v" in sys.argv
    expect = None
    if "--expect" in sys.argv:
        expect = sys.argv[sys.argv.index("--expect") + 1]
        args.remove(expect)
    kgsh, root = os.path.abspath(args[0]), args[1]
    total_pass = total_fail = 0
    passed = set()
    failures = []
    for suite in ("protocol", "http-rdf-update", "graph-store-protocol/manifest-direct",
                  "graph-store-protocol/manifest-indirect", "service-description"):
        path = os.path.join(root, suite if suite.startswith("graph-store") else
                            os.path.join(suite, "manifest"))
        path += ".ttl"
        if not os.path.exists(path):
            print("%s: no manifest, skipped" % suite)
            continue
        g, m = load_manifest(path)
        tests = entries(g, m)
        if suite == "protocol":
            results = [(t, run_protocol(kgsh, g, t, verbose)) for t in tests]
        elif suite.startswith("graph-store-protocol"):
            results = [(t, run_protocol(kgsh, g, t, verbose, gsp=True)) for t in tests]
        elif suite == "http-rdf-update":
            results = run_gsp(kgsh, g, tests, verbose)
        else:
            results = run_sd(kgsh, tests)
        p = sum(1 for _, w in results if not w)
        for t, w in results:
            if w:
                failures.append("%s/%s" % (suite, name_of(t)))
                print("FAIL %s/%s: %s" % (suite, name_of(t), w))
            else:
                passed.add("%s/%s" % (suite, name_of(t)))
                if verbose:
                    print("PASS %s/%s" % (suite, name_of(t)))
        print("%s: %d of %d" % (suite, p, len(results)))
        total_pass += p
        total_fail += len(results) - p
    print("%d passed, %d failed" % (total_pass, total_fail))
    if expect:
        with open(expect) as f:
            must = [l.strip() for l in f if l.strip() and not l.startswith("#")]
        lost = [t for t in must if t not in passed]
        for t in lost:
            print("REGRESSION %s" % t)
        sys.exit(1 if lost else 0)
    sys.exit(0)


main()
