"""Who may use the app: login from the environment (both variables or none), a slowing delay after failed
logins, and a loud warning when the app is reachable beyond this machine without a login."""

from __future__ import annotations

import hmac
import ipaddress
import logging
import os
import threading
import time

LOG = logging.getLogger("plan_qa.app")
FIRST_DELAY = 1.0  # seconds after the first failed login; doubled per failure, capped
MAX_DELAY = 30.0
# Gradio's login page is English and takes neither the app's CSS/JS nor its i18n (its unauthenticated config
# carries only auth_message, which it renders as HTML): the message brings a style sheet that shows the
# title, field labels, button and wrong-password line in Vietnamese (visual text only; the DOM text stays).
_LOGIN = "div:has(> p.auth)"
LOGIN_MESSAGE = f"""<span>Đăng nhập để dùng trợ lý kế hoạch.</span><style>
{_LOGIN} > h2, {_LOGIN} p.creds, {_LOGIN} button, {_LOGIN} span[data-testid="block-info"] {{ font-size: 0 !important; }}
{_LOGIN} > h2::after {{ content: "Đăng nhập"; font-size: var(--text-xxl); }}
{_LOGIN} p.creds::after {{ content: "Sai tên đăng nhập hoặc mật khẩu."; font-size: var(--text-md); }}
{_LOGIN} button::after {{ content: "Đăng nhập"; font-size: var(--button-large-text-size); }}
{_LOGIN} label:has(input[type="text"]) > span[data-testid="block-info"]::after {{
  content: "Tên đăng nhập"; font-size: var(--block-info-text-size); }}
{_LOGIN} label:has(input[type="password"]) > span[data-testid="block-info"]::after {{
  content: "Mật khẩu"; font-size: var(--block-info-text-size); }}
</style>"""


def auth_from_env() -> tuple[str, str] | None:
    """(username, password) from PLAN_QA_USERNAME / PLAN_QA_PASSWORD; both or neither, else ValueError."""
    username, password = os.environ.get("PLAN_QA_USERNAME"), os.environ.get("PLAN_QA_PASSWORD")
    if bool(username) != bool(password):
        missing = "PLAN_QA_PASSWORD" if username else "PLAN_QA_USERNAME"
        raise ValueError(f"Đăng nhập cần cả PLAN_QA_USERNAME và PLAN_QA_PASSWORD; đang thiếu {missing}. "
                         "Đặt đủ cả hai, hoặc bỏ cả hai để chạy không đăng nhập.")
    return (username, password) if username and password else None


class LoginGuard:
    """The login check given to Gradio: constant-time comparison, a growing delay after each failure."""

    def __init__(self, username: str, password: str, first_delay: float = FIRST_DELAY) -> None:
        self._expected = (username.encode(), password.encode())
        self._first_delay = first_delay
        self._failures = 0
        self._lock = threading.Lock()

    def __call__(self, username: str, password: str) -> bool:
        ok = hmac.compare_digest(username.encode(), self._expected[0]) & \
            hmac.compare_digest(password.encode(), self._expected[1])
        with self._lock:
            self._failures = 0 if ok else self._failures + 1
            failures = self._failures
        if not ok:
            LOG.warning("Đăng nhập thất bại (lần %d liên tiếp) với tên %r", failures, username[:64])
            time.sleep(min(self._first_delay * 2 ** (failures - 1), MAX_DELAY))
        return ok


def is_loopback(host: str) -> bool:
    """True when `host` only accepts connections from this machine."""
    if host.lower() in ("localhost", "localhost.localdomain"):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def exposure_warning(host: str, auth: tuple[str, str] | None) -> str | None:
    """The warning to show and log when anyone on the network can use (and change) the app."""
    if auth or is_loopback(host):
        return None
    return (f"CẢNH BÁO: ứng dụng đang mở tại {host} cho mọi máy trong mạng mà KHÔNG cần đăng nhập — ai truy cập "
            "được cũng có thể thêm, thay thế hoặc gỡ kế hoạch. Đặt PLAN_QA_USERNAME và PLAN_QA_PASSWORD.")
