# slowserver.py - a SPARQL endpoint whose answers arrive slowly, are
# large, or stop in the middle, for remote.sh: it shows whether kgsh
# reads an answer as it arrives. Every ASK gets true (kgsh's first
# question); a SELECT gets, by the path:
#   /hang   three rows, then nothing for 60 s (the connection held open)
#   /big    N rows (?n=N, default 1000000), written as they are made
#   /cut    two rows, then the connection closes in the middle of a row
# and a CONSTRUCT the same in N-Triples (/hang: 100 statements).
# Usage: python3 slowserver.py PORTFILE; writes its port to PORTFILE.
import http.server
import socketserver
import sys
import time
import urllib.parse

HEAD = b'{"head":{"vars":["s","n"]},"results":{"bindings":[\n'


def row(i):
    return ('{"s":{"type":"uri","value":"http://example.org/item/%d"},'
            '"n":{"type":"literal","value":"row %d"}}' % (i, i)).encode()


class Handler(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_POST(self):
        n = int(self.headers.get("Content-Length", "0"))
        form = urllib.parse.parse_qs(self.rfile.read(n).decode())
        query = form.get("query", [""])[0]
        self.send_response(200)
        url = urllib.parse.urlparse(self.path)
        if "CONSTRUCT" in query:
            self.send_header("Content-Type", "application/n-triples")
            self.end_headers()
            return self.triples(url)
        self.send_header("Content-Type", "application/sparql-results+json")
        self.end_headers()
        if "ASK" in query:
            self.wfile.write(b'{"head":{},"boolean":true}')
            return
        self.wfile.write(HEAD)
        if url.path == "/hang":
            self.wfile.write(b",\n".join(row(i) for i in range(3)) + b",\n")
            self.wfile.flush()
            time.sleep(60)
        elif url.path == "/cut":
            self.wfile.write(row(0) + b",\n" + row(1) + b",\n" + row(2)[:30])
        else:
            total = int(urllib.parse.parse_qs(url.query).get("n", ["1000000"])[0])
            for start in range(0, total, 10000):
                end = min(total, start + 10000)
                chunk = b",\n".join(row(i) for i in range(start, end))
                self.wfile.write((b",\n" if start else b"") + chunk)
            self.wfile.write(b"\n]}}\n")


    def triples(self, url):
        def t(i):
            return b'<http://example.org/item/%d> <http://example.org/n> "row %d" .\n' % (i, i)
        if url.path == "/hang":
            self.wfile.write(b"".join(t(i) for i in range(100)))
            self.wfile.flush()
            time.sleep(60)
        elif url.path == "/cut":
            self.wfile.write(t(0) + t(1) + t(2)[:30])
        else:
            total = int(urllib.parse.parse_qs(url.query).get("n", ["1000000"])[0])
            for start in range(0, total, 10000):
                self.wfile.write(b"".join(t(i) for i in range(start, min(total, start + 10000))))


class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True


srv = Server(("127.0.0.1", 0), Handler)
with open(sys.argv[1], "w") as f:
    f.write(str(srv.server_address[1]))
srv.serve_forever()
