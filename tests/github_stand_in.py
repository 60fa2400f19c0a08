"""A stand-in for the parts of GitHub that the editor's sign-in uses, on 127.0.0.1: the OAuth app's
consent page and token endpoint (github.com/login/oauth/…), and the few API calls Decap makes to
know who signed in (api.github.com/user, the repository and the user's permission on it). Nothing
else of GitHub: the rest answers 404, as for a repository without those files."""
from __future__ import annotations

import json
import secrets
import threading
import urllib.parse
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class OAuthApp:
    """What the owner types into GitHub's «New OAuth App» form, and what GitHub gives back."""

    callback: str
    client_id: str = field(default_factory=lambda: "Iv1." + secrets.token_hex(8))
    client_secret: str = field(default_factory=lambda: secrets.token_hex(20))
    login: str = "volontaria"
    repo: str = "owner/name"
    codes: dict = field(default_factory=dict)  # code -> scope
    tokens: dict = field(default_factory=dict)  # token -> scope
    calls: list = field(default_factory=list)  # (method, path) of every request


def serve(app: OAuthApp, port: int) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def cors(self):
            self.send_header("Access-Control-Allow-Origin", "*")
            self.send_header("Access-Control-Allow-Headers", "Authorization, Content-Type")
            self.send_header("Access-Control-Allow-Methods", "GET, POST, PUT, PATCH, DELETE, OPTIONS")

        def answer(self, status: int, data=None, location: str | None = None):
            body = b"" if data is None else json.dumps(data).encode()
            self.send_response(status)
            self.cors()
            if location:
                self.send_header("Location", location)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_OPTIONS(self):
            self.send_response(204)
            self.cors()
            self.end_headers()

        def authorized(self) -> bool:
            header = self.headers.get("Authorization", "")
            return header.split(" ", 1)[-1] in app.tokens

        def do_GET(self):
            url = urllib.parse.urlsplit(self.path)
            query = dict(urllib.parse.parse_qsl(url.query))
            app.calls.append(("GET", url.path))
            if url.path == "/login/oauth/authorize":
                # GitHub checks the app and its registered callback, then (the user accepts) returns
                if query.get("client_id") != app.client_id or query.get("redirect_uri") != app.callback:
                    return self.answer(400, {"error": "redirect_uri_mismatch"})
                code = secrets.token_hex(10)
                app.codes[code] = query.get("scope", "")
                target = app.callback + "?" + urllib.parse.urlencode({"code": code, "state": query.get("state", "")})
                return self.answer(302, location=target)
            if url.path.startswith("/api/"):
                if not self.authorized():
                    return self.answer(401, {"message": "Bad credentials"})
                path = url.path[len("/api"):]
                if path == "/user":
                    return self.answer(200, {"login": app.login, "name": "Volontaria di prova", "avatar_url": ""})
                if path == f"/repos/{app.repo}":
                    owner = app.repo.split("/")[0]
                    return self.answer(200, {"full_name": app.repo, "owner": {"login": owner}, "default_branch": "main",
                                             "fork": False, "permissions": {"push": True, "admin": False}})
                if path == f"/repos/{app.repo}/collaborators/{app.login}/permission":
                    return self.answer(200, {"permission": "write"})
            return self.answer(404, {"message": "Not Found"})

        def do_POST(self):
            url = urllib.parse.urlsplit(self.path)
            app.calls.append(("POST", url.path))
            length = int(self.headers.get("Content-Length") or 0)
            form = dict(urllib.parse.parse_qsl(self.rfile.read(length).decode()))
            if url.path == "/login/oauth/access_token":
                if form.get("client_id") != app.client_id or form.get("client_secret") != app.client_secret:
                    return self.answer(200, {"error": "incorrect_client_credentials"})
                if form.get("code") not in app.codes or form.get("redirect_uri") != app.callback:
                    return self.answer(200, {"error": "bad_verification_code"})
                scope = app.codes.pop(form["code"])
                token = "gho_" + secrets.token_hex(18)
                app.tokens[token] = scope
                return self.answer(200, {"access_token": token, "token_type": "bearer", "scope": scope})
            return self.answer(404, {"message": "Not Found"})

    httpd = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    return httpd
