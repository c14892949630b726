"""A local stand-in for the LINE Messaging API, for tests and the local demo.

It answers the endpoints the bot uses the way LINE documents them, records every request
(path, headers, JSON body) and can be told to fail the next calls with a given status.
Only ever bound to 127.0.0.1; the app starts it only in local mode.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import logging
import socket
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from werkzeug.test import EnvironBuilder, run_wsgi_app
from werkzeug.wrappers import Request, Response
from werkzeug.wsgi import wrap_file

log = logging.getLogger(__name__)


@dataclass
class Recorded:
    method: str
    path: str
    headers: dict[str, str]
    body: Any
    status: int
    answer: dict = field(default_factory=dict)
    at: float = field(default_factory=time.time)

    @property
    def sent_ids(self) -> list[str]:
        return [m["id"] for m in self.answer.get("sentMessages", [])]

    @property
    def messages(self) -> list[dict]:
        return (self.body or {}).get("messages", []) if isinstance(self.body, dict) else []


@dataclass
class LineStandIn:
    """State of the fake platform. `fail_next` queues (status, body) answers for sends."""

    member_counts: dict[str, int] = field(default_factory=dict)
    display_names: dict[str, str] = field(default_factory=dict)
    quota_limit: int | None = 300
    removed_chats: set[str] = field(default_factory=set)
    requests: list[Recorded] = field(default_factory=list)
    fail_next: list[tuple[int, dict]] = field(default_factory=list)
    # Photos and files people "sent": message id → (bytes or a file path, content type).
    contents: dict[str, tuple[bytes | Path, str]] = field(default_factory=dict)
    rich_menus: dict[str, dict] = field(default_factory=dict)  # id → the created menu
    rich_menu_images: dict[str, tuple[bytes, str]] = field(default_factory=dict)
    user_menus: dict[str, str] = field(default_factory=dict)  # user id → rich menu id
    fail_menus: list[tuple[int, dict]] = field(default_factory=list)  # next rich-menu answers
    # kid → public JWK of assertion signing keys registered for v2.1 channel tokens
    assertion_keys: dict[str, dict] = field(default_factory=dict)
    issued_tokens: list[str] = field(default_factory=list)
    # Called with each request's path as it arrives (tests: what else is going on meanwhile).
    on_request: Any = None
    _ids: itertools.count = field(default_factory=lambda: itertools.count(460000000000000001))
    _retry_keys: dict[str, dict] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def sends(self, kind: str | None = None) -> list[Recorded]:
        """Recorded replies and pushes that LINE accepted (status 200), oldest first."""
        paths = {"reply": ("/v2/bot/message/reply",), "push": ("/v2/bot/message/push",)}
        wanted = paths.get(kind, ("/v2/bot/message/reply", "/v2/bot/message/push"))
        with self._lock:
            return [r for r in self.requests if r.path in wanted and r.status == 200]

    def texts(self, kind: str | None = None) -> list[str]:
        """Every text a person would read (text messages and Flex alt texts)."""
        out = []
        for r in self.sends(kind):
            for m in r.messages:
                out.append(m.get("text") or m.get("altText") or "")
        return out

    def add_content(self, message_id: str, data: bytes | Path,
                    content_type: str = "application/octet-stream") -> None:
        """What LINE's content API will serve for a message someone sent."""
        with self._lock:
            self.contents[message_id] = (data, content_type)

    def menu_of(self, user_id: str) -> dict | None:
        """The rich menu LINE would show this person, with its id."""
        with self._lock:
            menu_id = self.user_menus.get(user_id)
            return dict(self.rich_menus[menu_id], richMenuId=menu_id) if menu_id else None

    def loading_calls(self) -> list[Recorded]:
        with self._lock:
            return [r for r in self.requests if r.path == "/v2/bot/chat/loading/start"]

    def clear(self) -> None:
        with self._lock:
            self.requests.clear()

    # -- the WSGI app ------------------------------------------------------------------
    def __call__(self, environ, start_response):
        request = Request(environ)
        if self.on_request is not None:
            self.on_request(request.path)
        if request.method == "GET" and request.path.endswith("/content"):
            return self._serve_bytes(request)(environ, start_response)
        if request.path.startswith("/v2/bot/richmenu/") and request.path.endswith("/content"):
            body = None  # an image upload, kept by _answer
        else:
            body = request.get_json(silent=True)
        status, payload = self._answer(request, body)
        with self._lock:
            self.requests.append(
                Recorded(request.method, request.path, dict(request.headers), body, status, payload)
            )
        response = Response(json.dumps(payload), status=status, mimetype="application/json")
        response.headers["x-line-request-id"] = f"standin-{len(self.requests)}"
        return response(environ, start_response)

    def _answer(self, request: Request, body: Any) -> tuple[int, dict]:
        path = request.path
        if path == "/oauth2/v2.1/token":
            return self._issue_token(request)
        if not request.headers.get("Authorization", "").startswith("Bearer "):
            return 401, {"message": "Authentication failed"}
        if path in ("/v2/bot/message/reply", "/v2/bot/message/push"):
            return self._send(path, request, body or {})
        if path.startswith("/v2/bot/group/") and path.endswith("/members/count"):
            chat = path.split("/")[4]
            return 200, {"count": self.member_counts.get(chat, 1)}
        if path.startswith("/v2/bot/room/") and path.endswith("/members/count"):
            return 200, {"count": self.member_counts.get(path.split("/")[4], 1)}
        if path.startswith("/v2/bot/profile/") or "/member/" in path:
            user = path.rsplit("/", 1)[-1]
            return 200, {"userId": user, "displayName": self.display_names.get(user, "ผู้ใช้ LINE")}
        if answer := self._rich_menu_or_loading(request, body):
            return answer
        if path == "/v2/bot/message/quota":
            if self.quota_limit is None:
                return 200, {"type": "none"}
            return 200, {"type": "limited", "value": self.quota_limit}
        if path == "/v2/bot/message/quota/consumption":
            return 200, {"totalUsage": self._billed()}
        return 404, {"message": "Not found"}

    def _send(self, path: str, request: Request, body: dict) -> tuple[int, dict]:
        with self._lock:
            if self.fail_next:
                return self.fail_next.pop(0)
        messages = body.get("messages") or []
        if not messages or len(messages) > 5:
            return 400, {"message": "The request body has 1 error(s)"}
        if path.endswith("/push"):
            if body.get("to") in self.removed_chats:
                return 400, {"message": "The bot is not in the group"}
            key = request.headers.get("X-Line-Retry-Key")
            if key and key in self._retry_keys:
                return 409, {"message": "The retry key is already accepted",
                             "sentMessages": self._retry_keys[key]["sentMessages"]}
        answer = {"sentMessages": [{"id": str(next(self._ids)), "quoteToken": "q"} for _ in messages]}
        if path.endswith("/push") and (key := request.headers.get("X-Line-Retry-Key")):
            self._retry_keys[key] = answer
        return 200, answer

    def _serve_bytes(self, request: Request) -> Response:
        """Content of a sent message or a rich menu image, streamed like LINE's data host."""
        path = request.path
        ok = request.headers.get("Authorization", "").startswith("Bearer ")
        found = None
        if ok and path.startswith("/v2/bot/message/"):
            found = self.contents.get(path.split("/")[4])
        elif ok and path.startswith("/v2/bot/richmenu/"):
            found = self.rich_menu_images.get(path.split("/")[4])
        status = 200 if found else (404 if ok else 401)
        with self._lock:
            self.requests.append(Recorded(request.method, path, dict(request.headers), None, status))
        if not found:
            return Response(json.dumps({"message": "Not found"}), status=status,
                            mimetype="application/json")
        data, content_type = found
        if isinstance(data, Path):
            size = data.stat().st_size
            stream = wrap_file(request.environ, data.open("rb"), buffer_size=256 * 1024)
            response = Response(stream, mimetype=content_type, direct_passthrough=True)
            response.content_length = size
            return response
        return Response(data, mimetype=content_type)

    def _rich_menu_or_loading(self, request: Request, body: Any) -> tuple[int, dict] | None:
        path, parts = request.path, request.path.strip("/").split("/")
        if path == "/v2/bot/chat/loading/start":
            seconds = (body or {}).get("loadingSeconds", 20)
            if not (body or {}).get("chatId", "").startswith("U") or seconds % 5 or seconds > 60:
                return 400, {"message": "The request body has 1 error(s)"}
            return 202, {}
        if "/richmenu" in path:
            with self._lock:
                if self.fail_menus:
                    return self.fail_menus.pop(0)
        if path == "/v2/bot/richmenu/bulk/link" and request.method == "POST":
            menu_id, users = (body or {}).get("richMenuId"), (body or {}).get("userIds") or []
            if menu_id not in self.rich_menus:
                return 400, {"message": "richmenu not found"}
            if not users or len(users) > 500:
                return 400, {"message": "The request body has 1 error(s)"}
            with self._lock:
                self.user_menus.update(dict.fromkeys(users, menu_id))
            return 202, {}
        if len(parts) == 4 and parts[2] == "richmenu" and request.method in ("GET", "DELETE"):
            if parts[3] not in self.rich_menus:
                return 404, {"message": "Not found"}
            if request.method == "DELETE":
                with self._lock:
                    del self.rich_menus[parts[3]]
                    self.user_menus = {u: m for u, m in self.user_menus.items() if m != parts[3]}
                return 200, {}
            return 200, dict(self.rich_menus[parts[3]], richMenuId=parts[3])
        if path == "/v2/bot/richmenu" and request.method == "POST":
            areas = (body or {}).get("areas") or []
            if not areas or len(areas) > 20 or "size" not in (body or {}) \
                    or len((body or {}).get("chatBarText", "")) > 14:
                return 400, {"message": "The request body has 1 error(s)"}
            menu_id = f"richmenu-{next(self._ids):x}"
            with self._lock:
                self.rich_menus[menu_id] = body
            return 200, {"richMenuId": menu_id}
        if len(parts) == 5 and parts[2] == "richmenu" and parts[4] == "content":
            if parts[3] not in self.rich_menus:
                return 404, {"message": "Not found"}
            image = request.get_data()
            if request.mimetype not in ("image/png", "image/jpeg") or len(image) > 1024 * 1024:
                return 400, {"message": "Invalid image"}
            with self._lock:
                self.rich_menu_images[parts[3]] = (image, request.mimetype)
            return 200, {}
        if len(parts) == 6 and parts[2] == "user" and parts[4] == "richmenu":
            if parts[5] not in self.rich_menus:
                return 400, {"message": "richmenu not found"}
            with self._lock:
                self.user_menus[parts[3]] = parts[5]
            return 200, {}
        return None

    def _issue_token(self, request: Request) -> tuple[int, dict]:
        """LINE's v2.1 token endpoint: a JWT signed with a registered assertion key."""
        import jwt

        form = request.form
        if (form.get("grant_type") != "client_credentials" or form.get("client_assertion_type")
                != "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"):
            return 400, {"error": "invalid_request"}
        assertion = form.get("client_assertion", "")
        try:
            kid = jwt.get_unverified_header(assertion).get("kid")
            public = jwt.algorithms.RSAAlgorithm.from_jwk(json.dumps(self.assertion_keys[kid]))
            claims = jwt.decode(assertion, public, algorithms=["RS256"],
                                audience="https://api.line.me/")
        except (KeyError, jwt.PyJWTError):
            return 400, {"error": "invalid_client", "error_description": "invalid assertion"}
        with self._lock:
            token = f"standin-v21-{claims['sub']}-{len(self.issued_tokens) + 1}"
            self.issued_tokens.append(token)
        return 200, {"access_token": token, "token_type": "Bearer",
                     "expires_in": int(claims.get("token_exp", 2592000)), "key_id": kid}

    def _billed(self) -> int:
        """Messages LINE would bill: pushes count once per recipient, replies are free."""
        total = 0
        for r in self.sends("push"):
            total += self.member_counts.get(r.body.get("to", ""), 1)
        return total


class _KeepAliveHandler(BaseHTTPRequestHandler):
    """Serves the WSGI app over persistent HTTP/1.1 connections, as LINE's API servers do
    for the SDK's connection pool. (Werkzeug's development server closes every connection,
    so each call would pay a new connection on both ends, which LINE does not charge.)"""

    protocol_version = "HTTP/1.1"
    timeout = 60  # an idle connection is closed, as servers do
    # Headers and body go out as two writes: without this, Nagle's algorithm holds the
    # second until the client's delayed ACK, 40 ms per call on a kept connection.
    disable_nagle_algorithm = True

    def setup(self) -> None:
        super().setup()
        self.server.open_connections.add(self.connection)
        if self.server.stopping:  # accepted just as the server stopped
            self.connection.shutdown(socket.SHUT_RDWR)

    def finish(self) -> None:
        self.server.open_connections.discard(self.connection)
        super().finish()

    def _serve(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        environ = EnvironBuilder(path=self.path, method=self.command,
                                 headers=list(self.headers.items()),
                                 data=self.rfile.read(length)).get_environ()
        try:
            body, status, headers = run_wsgi_app(self.server.app, environ)
        except Exception:
            log.exception("the LINE stand-in failed on %s %s", self.command, self.path)
            self.close_connection = True
            self.send_error(500, "stand-in error")
            return
        try:
            self.send_response(int(status.split()[0]), status.partition(" ")[2])
            for name, value in headers.items():
                self.send_header(name, value)
            if "Content-Length" not in headers:
                self.close_connection = True  # the body's end is the connection's end
                self.send_header("Connection", "close")
            self.end_headers()
            for chunk in body:
                self.wfile.write(chunk)
        finally:
            if hasattr(body, "close"):
                body.close()

    do_GET = do_POST = do_PUT = do_DELETE = _serve

    def log_message(self, *args) -> None:  # the recorder is the log
        pass


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, port: int, app) -> None:
        super().__init__(("127.0.0.1", port), _KeepAliveHandler)
        self.app = app
        self.open_connections: set = set()
        self.stopping = False

    def handle_error(self, request, client_address) -> None:
        pass  # a client that gave up (a timeout test) or went away: nothing to report


class StandInServer:
    """Runs a LineStandIn on 127.0.0.1 in a background thread."""

    def __init__(self, state: LineStandIn | None = None, port: int = 0) -> None:
        self.state = state or LineStandIn()
        self._server = _Server(port, self._app)
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    def _app(self, environ, start_response):
        return self.state(environ, start_response)  # tests may swap in a fresh state

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_port}"

    def start(self) -> StandInServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.stopping = True
        self._server.server_close()
        for connection in list(self._server.open_connections):
            with contextlib.suppress(OSError):
                connection.shutdown(socket.SHUT_RDWR)
