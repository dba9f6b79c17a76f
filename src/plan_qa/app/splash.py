"""A loading page served at once while the model and index load (30–50 s on a cold start).

Without it the browser only gets "connection refused". Every request is answered with a small
Vietnamese page (HTTP 503, Retry-After) that reloads itself; the server is closed, freeing the
port, just before the app is launched on it.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

RETRY_SECONDS = 3
PAGE = f"""<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><meta http-equiv="refresh" content="{RETRY_SECONDS}">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>Trợ lý kế hoạch UBND — đang khởi động</title>
<style>body{{font-family:"Noto Sans","DejaVu Sans",Arial,sans-serif;display:flex;align-items:center;
justify-content:center;min-height:90vh;margin:0;color:#1f2937;background:#f8fafc}}
main{{max-width:32rem;padding:1.5rem;text-align:center}}
.spin{{width:2.5rem;height:2.5rem;border:4px solid #bfdbfe;border-top-color:#2563eb;border-radius:50%;
margin:0 auto 1rem;animation:s 1s linear infinite}}@keyframes s{{to{{transform:rotate(360deg)}}}}</style></head>
<body><main><div class="spin"></div><h1>Trợ lý kế hoạch UBND đang khởi động…</h1>
<p>Đang nạp mô hình ngôn ngữ và chỉ mục các kế hoạch (thường dưới một phút). Trang sẽ tự mở khi sẵn sàng.</p>
</main></body></html>""".encode()


class _Loading(BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 - the http.server name
        self.send_response(503)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Retry-After", str(RETRY_SECONDS))
        self.send_header("Cache-Control", "no-store")
        self.send_header("Content-Length", str(len(PAGE)))
        self.end_headers()
        self.wfile.write(PAGE)

    do_HEAD = do_GET

    def log_message(self, *_args: object) -> None:
        """Quiet: the console shows the app's own messages."""


@contextmanager
def loading_page(host: str, port: int) -> Iterator[ThreadingHTTPServer | None]:
    """Serve the loading page on host:port until the block ends; yields None if the port is taken."""
    ThreadingHTTPServer.allow_reuse_address = True
    try:
        server = ThreadingHTTPServer((host, port), _Loading)
    except OSError:
        yield None  # the port is busy: the app's own launch will say so
        return
    thread = threading.Thread(target=server.serve_forever, daemon=True, name="plan-qa-loading-page")
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
