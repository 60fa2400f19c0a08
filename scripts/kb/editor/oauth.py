#!/usr/bin/env python3
"""The web editor's sign-in endpoint: a small service that lets Decap CMS sign in with GitHub.

One file, Python 3.9 or later, standard library only: copy it to any server with Python (no
checkout, no packages) and run it behind HTTPS (CONTRIBUTING.md, "Editor: accesso con GitHub",
tells each step). It holds the secret of the repository owner's GitHub OAuth app, which must never
reach a browser, and does three things:

    GET /auth?provider=github&scope=public_repo   the editor's sign-in popup opens this: it sends
                                                  the contributor to GitHub's consent page
    GET /callback?code=…&state=…                  GitHub sends the contributor back here: the
                                                  code becomes a token (GitHub's token endpoint),
                                                  handed to the editor's page, and only to the
                                                  site's own address (OAUTH_ORIGINS)
    GET /health                                   what an owner checks after setting it up: 200 and
                                                  the callback address when the settings are
                                                  complete, 500 and what is missing otherwise

Settings, from the environment (a systemd EnvironmentFile, for instance):

    OAUTH_CLIENT_ID       the OAuth app's Client ID
    OAUTH_CLIENT_SECRET   its Client secret (also the key that signs the `state` of a sign-in)
    OAUTH_URL             this service's own public address, https://auth.example.org (no path):
                          the OAuth app's callback is OAUTH_URL/callback, the editor's
                          data/editor.yml `auth.base_url` is OAUTH_URL
    OAUTH_ORIGINS         the sites whose editor may sign in, space-separated origins
                          (https://welfare.example.org); the token is handed to no other page
    OAUTH_SCOPES          the scopes the editor may ask for (default: public_repo)
    OAUTH_GITHUB          GitHub's address (default https://github.com; the tests point it at a
                          stand-in on 127.0.0.1)

    python3 oauth.py [--host 127.0.0.1] [--port 8090]     serve
    python3 oauth.py --check                               say what is missing, exit 1 if anything

The protocol is Decap's (decap-cms-lib-auth, netlify-auth.js): the popup says
`authorizing:github` to the page that opened it, which answers from its own origin; the popup then
posts `authorization:github:success:{"token": …, "provider": "github"}` (or `…:error:{…}`) to that
origin, if it is one of OAUTH_ORIGINS. The token is never logged, stored or put in an address.
"""
from __future__ import annotations

import argparse
import base64
import hashlib
import hmac
import html
import json
import os
import secrets
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

STATE_SECONDS = 600  # a sign-in started more than ten minutes ago is refused
DEFAULT_SCOPES = ("public_repo",)


@dataclass(frozen=True)
class Settings:
    client_id: str = ""
    client_secret: str = ""
    url: str = ""
    origins: tuple[str, ...] = ()
    scopes: tuple[str, ...] = DEFAULT_SCOPES
    github: str = "https://github.com"
    problems: tuple[str, ...] = field(default=(), compare=False)

    @classmethod
    def from_env(cls, env=None) -> Settings:
        env = os.environ if env is None else env
        url = env.get("OAUTH_URL", "").strip().rstrip("/")
        origins = tuple(o.rstrip("/") for o in env.get("OAUTH_ORIGINS", "").split() if o.strip())
        scopes = tuple(env.get("OAUTH_SCOPES", "").split()) or DEFAULT_SCOPES
        settings = cls(env.get("OAUTH_CLIENT_ID", "").strip(), env.get("OAUTH_CLIENT_SECRET", "").strip(), url,
                       origins, scopes, env.get("OAUTH_GITHUB", "https://github.com").strip().rstrip("/"))
        return cls(**{**settings.__dict__, "problems": tuple(settings.check())})

    def check(self) -> list[str]:
        problems = []
        if not self.client_id:
            problems.append("OAUTH_CLIENT_ID is empty: copy the Client ID of the GitHub OAuth app")
        if not self.client_secret:
            problems.append("OAUTH_CLIENT_SECRET is empty: generate a client secret in the GitHub OAuth app")
        parts = urllib.parse.urlsplit(self.url)
        if not (parts.scheme in ("https", "http") and parts.netloc and parts.path in ("", "/")):
            problems.append("OAUTH_URL must be this service's address, like https://auth.example.org (no path)")
        elif parts.scheme == "http" and parts.hostname not in ("127.0.0.1", "localhost"):
            problems.append("OAUTH_URL must start with https:// (the token crosses it)")
        if not self.origins:
            problems.append("OAUTH_ORIGINS is empty: write the site's address, like https://welfare.example.org")
        for origin in self.origins:
            o = urllib.parse.urlsplit(origin)
            if not (o.scheme in ("https", "http") and o.netloc and not o.path):
                problems.append(f"OAUTH_ORIGINS: {origin!r} is not an origin like https://welfare.example.org (no path)")
        return problems

    @property
    def callback(self) -> str:
        return self.url + "/callback"


# --- the sign-in's state: signed, short-lived, no storage ------------------------------------------


def make_state(settings: Settings, now: float | None = None) -> str:
    payload = base64.urlsafe_b64encode(json.dumps(
        {"n": secrets.token_urlsafe(16), "t": int(now if now is not None else time.time())}).encode()).decode().rstrip("=")
    return payload + "." + _sign(settings, payload)


def check_state(settings: Settings, state: str, now: float | None = None) -> bool:
    payload, _, signature = (state or "").partition(".")
    if not payload or not hmac.compare_digest(signature, _sign(settings, payload)):
        return False
    try:
        data = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    except (ValueError, json.JSONDecodeError):
        return False
    age = (now if now is not None else time.time()) - int(data.get("t", 0))
    return 0 <= age <= STATE_SECONDS


def _sign(settings: Settings, payload: str) -> str:
    return hmac.new(settings.client_secret.encode(), b"state:" + payload.encode(), hashlib.sha256).hexdigest()


# --- GitHub ---------------------------------------------------------------------------------------


def authorize_url(settings: Settings, scope: str, state: str) -> str:
    query = urllib.parse.urlencode({"client_id": settings.client_id, "redirect_uri": settings.callback,
                                    "scope": scope, "state": state, "allow_signup": "true"})
    return f"{settings.github}/login/oauth/authorize?{query}"


def exchange(settings: Settings, code: str, timeout: float = 15) -> dict:
    """GitHub's token endpoint: {'access_token': …} or {'error': …, 'error_description': …}."""
    body = urllib.parse.urlencode({"client_id": settings.client_id, "client_secret": settings.client_secret,
                                   "code": code, "redirect_uri": settings.callback}).encode()
    request = urllib.request.Request(f"{settings.github}/login/oauth/access_token", data=body, method="POST",
                                     headers={"Accept": "application/json", "User-Agent": "kb-editor-oauth"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return json.loads(response.read().decode("utf-8") or "{}")
    except urllib.error.HTTPError as exc:
        return {"error": f"github_http_{exc.code}", "error_description": "GitHub's token endpoint refused the request"}
    except (urllib.error.URLError, TimeoutError, OSError, json.JSONDecodeError):
        return {"error": "github_unreachable", "error_description": "GitHub's token endpoint could not be reached"}


# --- the page that hands the token to the editor -----------------------------------------------------


def handoff_page(settings: Settings, status: str, content: dict, nonce: str) -> str:
    """The popup's page: Decap's handshake, the message posted only to OAUTH_ORIGINS."""
    message = f"authorization:github:{status}:{json.dumps(content)}"
    script = (
        "(function(){var origins=" + json.dumps(list(settings.origins)) + ",message=" + json.dumps(message) + ";"
        "function receive(e){if(origins.indexOf(e.origin)===-1||e.data!=='authorizing:github')return;"
        "window.removeEventListener('message',receive,false);window.opener.postMessage(message,e.origin);}"
        "if(!window.opener){document.getElementById('status').textContent='Open the editor, then sign in from it.';return;}"
        "window.addEventListener('message',receive,false);"
        "origins.forEach(function(o){window.opener.postMessage('authorizing:github',o);});})();"
    ).replace("</", "<\\/")
    text = "Signed in: this window closes by itself." if status == "success" else \
        "Sign-in failed: " + str(content.get("message", ""))
    return ("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>GitHub sign-in</title>"
            f"<meta name=\"robots\" content=\"noindex\"></head><body><p id=\"status\">{html.escape(text)}</p>"
            f"<script nonce=\"{nonce}\">{script}</script></body></html>")


class Handler(BaseHTTPRequestHandler):
    settings: Settings = Settings()
    server_version = "kb-editor-oauth"
    sys_version = ""

    def log_message(self, format, *args):  # the address, never the query (it carries the code)
        sys.stderr.write(f"{self.log_date_time_string()} {self.command} {self.path.split('?', 1)[0]} {args[1] if len(args) > 1 else ''}\n")

    def do_GET(self):
        url = urllib.parse.urlsplit(self.path)
        query = dict(urllib.parse.parse_qsl(url.query))
        route = {"/auth": self.auth, "/callback": self.callback, "/health": self.health}.get(url.path.rstrip("/") or "/")
        if route is None:
            return self.reply(404, "text/plain; charset=utf-8", b"not found\n")
        return route(query)

    def reply(self, status: int, kind: str, body: bytes, headers: dict | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("Referrer-Policy", "no-referrer")
        self.send_header("X-Content-Type-Options", "nosniff")
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(body)

    def health(self, query: dict) -> None:
        s = self.settings
        data = {"status": "ok" if not s.problems else "incomplete", "callback": s.callback if s.url else None,
                "origins": list(s.origins), "scopes": list(s.scopes), "problems": list(s.problems)}
        self.reply(200 if not s.problems else 500, "application/json", (json.dumps(data, indent=2) + "\n").encode())

    def auth(self, query: dict) -> None:
        s = self.settings
        if s.problems:
            return self.reply(500, "text/plain; charset=utf-8", ("not set up: " + "; ".join(s.problems) + "\n").encode())
        if query.get("provider", "github") != "github":
            return self.reply(400, "text/plain; charset=utf-8", b"only the github provider is served here\n")
        scope = query.get("scope") or s.scopes[0]
        if scope not in s.scopes:
            return self.reply(400, "text/plain; charset=utf-8", f"scope {scope!r} is not allowed here\n".encode())
        self.reply(302, "text/plain; charset=utf-8", b"", {"Location": authorize_url(s, scope, make_state(s))})

    def callback(self, query: dict) -> None:
        s = self.settings
        if query.get("error"):
            return self.hand_off("error", {"message": query.get("error_description") or query["error"]})
        if not check_state(s, query.get("state", "")):
            return self.hand_off("error", {"message": "this sign-in expired or did not start here: sign in again"})
        if not query.get("code"):
            return self.hand_off("error", {"message": "GitHub sent no code"})
        answer = exchange(s, query["code"])
        token = answer.get("access_token")
        if not token:
            return self.hand_off("error", {"message": answer.get("error_description") or answer.get("error") or "no token"})
        self.hand_off("success", {"token": token, "provider": "github"})

    def hand_off(self, status: str, content: dict) -> None:
        nonce = secrets.token_urlsafe(16)
        page = handoff_page(self.settings, status, content, nonce).encode()
        policy = f"default-src 'none'; script-src 'nonce-{nonce}'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
        self.reply(200 if status == "success" else 400, "text/html; charset=utf-8", page,
                   {"Content-Security-Policy": policy})


def make_server(settings: Settings, host: str = "127.0.0.1", port: int = 8090) -> ThreadingHTTPServer:
    handler = type("SettingsHandler", (Handler,), {"settings": settings})
    return ThreadingHTTPServer((host, port), handler)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="The web editor's GitHub sign-in endpoint (settings: see the file's header).")
    parser.add_argument("--host", default="127.0.0.1", help="where to listen (default 127.0.0.1, behind the HTTPS proxy)")
    parser.add_argument("--port", type=int, default=8090, help="the port (default 8090)")
    parser.add_argument("--check", action="store_true", help="say what is missing in the settings, and exit")
    args = parser.parse_args(argv)
    settings = Settings.from_env()
    if args.check or settings.problems:
        for problem in settings.problems:
            print(f"missing: {problem}", file=sys.stderr)
        if not settings.problems:
            print(f"ok: callback {settings.callback}; sites {' '.join(settings.origins)}; scopes {' '.join(settings.scopes)}")
        if args.check or settings.problems:
            return 1 if settings.problems else 0
    server = make_server(settings, args.host, args.port)
    print(f"sign-in endpoint on http://{args.host}:{args.port}/ for {settings.url} (callback {settings.callback})", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
