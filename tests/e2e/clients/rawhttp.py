# rawhttp.py - clients that misbehave at the socket level, for serve.sh:
# a body shorter than its Content-Length (then the client goes), a body
# longer than it, and a client that stops reading in the middle of a
# large result while another client is answered.
# Usage: python3 rawhttp.py HOST PORT; prints "ok" last when all went well.
import socket
import sys
import time
import urllib.parse
import urllib.request

host, port = sys.argv[1], int(sys.argv[2])
base = "http://%s:%d/sparql" % (host, port)


def send(raw, read=True, timeout=10):
    s = socket.create_connection((host, port), timeout=timeout)
    s.sendall(raw)
    data = b""
    if read:
        try:
            while True:
                chunk = s.recv(65536)
                if not chunk:
                    break
                data += chunk
        except socket.timeout:
            pass
    return s, data


def quick_query():
    q = urllib.parse.urlencode({"query": "ASK { ?s ?p ?o }"}).encode()
    r = urllib.request.Request(base, data=q, headers={
        "Accept": "application/sparql-results+json"})
    with urllib.request.urlopen(r, timeout=30) as resp:
        return resp.status


body = b"query=ASK%20%7B%7D"
# declares more than it sends, then goes away
s, _ = send(b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: "
            b"application/x-www-form-urlencoded\r\nContent-Length: 100\r\n\r\n"
            + body, read=False)
s.close()
# sends more than it declares: the rest is a bad second request
s, data = send(b"POST /sparql HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
               b"Content-Type: application/x-www-form-urlencoded\r\n"
               b"Content-Length: 5\r\n\r\n" + body, timeout=5)
s.close()
print("longer body:", data.split(b"\r\n", 1)[0].decode(errors="replace"))
# stops reading a large result; another client must still be answered
big = urllib.parse.urlencode({
    "query": "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } LIMIT 3000000",
    "timeout": "4"}).encode()
s = socket.create_connection((host, port), timeout=30)
s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
s.sendall(b"POST /sparql HTTP/1.1\r\nHost: x\r\nAccept: text/csv\r\n"
          b"Content-Type: application/x-www-form-urlencoded\r\n"
          b"Content-Length: %d\r\n\r\n" % len(big) + big)
first = s.recv(1024)
print("stalled client got:", first.split(b"\r\n", 1)[0].decode(errors="replace"))
t0 = time.time()
status = quick_query()
print("other client:", status, "after %.1f s" % (time.time() - t0))
s.close()
print("ok" if status == 200 and first.startswith(b"HTTP/1.1 200") else "bad")
