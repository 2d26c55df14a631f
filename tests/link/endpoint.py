#!/usr/bin/env python3
"""endpoint.py - a small SPARQL endpoint on loopback for tests/e2e/link.sh,
standing in for `kgsh serve` until that lands. It speaks the SPARQL 1.1
protocol (GET ?query=..., POST form-encoded or application/sparql-query),
runs each query with kgsh on a store opened read-only and answers kgsh's
SPARQL JSON. Every request is logged as one JSON line: its time, method,
User-Agent, Content-Type and the query's first line.

Usage: endpoint.py PORTFILE LOG KGSH STORE [BUSY]
Binds 127.0.0.1 on a free port, writes the port to PORTFILE, serves until
killed. With BUSY = N, the first N requests are answered 429 Too Many
Requests (a busy public endpoint)."""
import json
import subprocess
import sys
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, HTTPServer

PORTFILE, LOG, KGSH, STORE = sys.argv[1:5]
BUSY = [int(sys.argv[5]) if len(sys.argv) > 5 else 0]


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        q = urllib.parse.urlparse(self.path).query
        self.answer(urllib.parse.parse_qs(q).get("query", [""])[0])

    def do_POST(self):
        n = int(self.headers.get("Content-Length", "0"))
        body = self.rfile.read(n).decode("utf-8")
        ctype = self.headers.get("Content-Type", "")
        if ctype.startswith("application/x-www-form-urlencoded"):
            query = urllib.parse.parse_qs(body).get("query", [""])[0]
        else:
            query = body
        self.answer(query)

    def answer(self, query):
        with open(LOG, "a", encoding="utf-8") as log:
            log.write(json.dumps({
                "time": time.time(),
                "method": self.command,
                "agent": self.headers.get("User-Agent", ""),
                "type": self.headers.get("Content-Type", ""),
                "accept": self.headers.get("Accept", ""),
                "first": query.split("\n", 1)[0],
                "values": query.count("VALUES"),
            }, ensure_ascii=False) + "\n")
        if BUSY[0] > 0:
            BUSY[0] -= 1
            self.send_response(429)
            self.send_header("Retry-After", "1")
            self.end_headers()
            return
        run = subprocess.run([KGSH, "-q", "--readonly", STORE, "-F", "json"],
                             input=query.encode("utf-8"), capture_output=True)
        if run.returncode != 0:
            self.send_response(400)
            self.send_header("Content-Type", "text/plain")
            self.end_headers()
            self.wfile.write(run.stderr)
            return
        self.send_response(200)
        self.send_header("Content-Type", "application/sparql-results+json")
        self.send_header("Content-Length", str(len(run.stdout)))
        self.end_headers()
        self.wfile.write(run.stdout)

    def log_message(self, *args):
        pass


server = HTTPServer(("127.0.0.1", 0), Handler)
with open(PORTFILE + ".tmp", "w") as f:
    f.write(str(server.server_address[1]))
import os
os.rename(PORTFILE + ".tmp", PORTFILE)
server.serve_forever()
