"""A local HTTP endpoint that records what the SDK sends and answers as told."""

from __future__ import annotations

import gzip
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Callable, Optional


class Sink:
    """Records every request body (gunzipped); `respond(handler)` writes the answer (default 200)."""

    def __init__(self, respond: Optional[Callable[[BaseHTTPRequestHandler], None]] = None) -> None:
        self.bodies: list[bytes] = []
        self.headers: list[dict[str, str]] = []
        sink = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                raw = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                body = gzip.decompress(raw) if self.headers.get("Content-Encoding") == "gzip" else raw
                sink.bodies.append(body)
                sink.headers.append(dict(self.headers))
                if respond is not None:
                    respond(self)
                else:
                    self.send_response(200)
                    self.send_header("Content-Type", "application/x-protobuf")
                    self.send_header("Content-Length", "0")
                    self.end_headers()

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    @property
    def wire(self) -> bytes:
        return b"".join(self.bodies)

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
