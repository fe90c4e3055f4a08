#!/usr/bin/env python3
"""An HTTPS server on loopback that is not an RD Gateway, like any web server in the wrong place:
it answers every request 404 and closes. Prints its port, then each request line it got (so a
test can see the client really spoke HTTP to it). Usage: https_not_gateway.py CERT KEY."""
import socket, ssl, sys

ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
ctx.load_cert_chain(sys.argv[1], sys.argv[2])
srv = socket.socket()
srv.bind(("127.0.0.1", 0))
srv.listen(4)
print(srv.getsockname()[1], flush=True)
while True:
    conn, _ = srv.accept()
    try:
        with ctx.wrap_socket(conn, server_side=True) as tls:
            head = b""
            while b"\r\n\r\n" not in head and len(head) < 65536:
                chunk = tls.recv(4096)
                if not chunk:
                    break
                head += chunk
            print(head.split(b"\r\n", 1)[0].decode("latin1"), flush=True)
            tls.sendall(b"HTTP/1.1 404 Not Found\r\nContent-Type: text/html\r\nContent-Length: 9\r\nConnection: close\r\n\r\nnot here\n")
    except (ssl.SSLError, OSError) as err:
        print(f"tls error: {err}", flush=True)
