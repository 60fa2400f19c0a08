"""The web editor's sign-in endpoint (scripts/kb/editor/oauth.py): its request handling against a
stand-in of GitHub's OAuth endpoints on 127.0.0.1 (tests/github_stand_in.py), and the owner's
recipe of CONTRIBUTING.md followed in order to a signed-in editor in Chromium."""
from __future__ import annotations

import json
import re
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from conftest import ROOT, free_port
from github_stand_in import OAuthApp, serve
from kb.editor import oauth

SITE = "http://127.0.0.1:8123"


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def get(url: str) -> tuple[int, dict, str]:
    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(url, timeout=15) as response:
            return response.status, dict(response.headers), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode()


@pytest.fixture
def endpoint():
    """The endpoint (in this process) and a stand-in of GitHub, set up for each other."""
    github_port, port = free_port(), free_port()
    app = OAuthApp(callback=f"http://127.0.0.1:{port}/callback")
    github = serve(app, github_port)
    settings = oauth.Settings.from_env({
        "OAUTH_CLIENT_ID": app.client_id, "OAUTH_CLIENT_SECRET": app.client_secret,
        "OAUTH_URL": f"http://127.0.0.1:{port}", "OAUTH_ORIGINS": SITE,
        "OAUTH_GITHUB": f"http://127.0.0.1:{github_port}",
    })
    assert settings.problems == ()
    server = oauth.make_server(settings, "127.0.0.1", port)
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    try:
        yield {"url": f"http://127.0.0.1:{port}", "app": app, "settings": settings}
    finally:
        server.shutdown()
        server.server_close()
        github.shutdown()
        github.server_close()


def sign_in(endpoint, scope: str = "public_repo") -> tuple[int, dict, str]:
    """/auth, GitHub's consent (the stand-in accepts at once), back to /callback."""
    status, headers, _ = get(f"{endpoint['url']}/auth?provider=github&site_id=127.0.0.1&scope={scope}")
    assert status == 302, status
    authorize = headers["Location"]
    query = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(authorize).query))
    assert query["client_id"] == endpoint["app"].client_id and query["scope"] == scope
    assert query["redirect_uri"] == endpoint["url"] + "/callback"
    status, headers, _ = get(authorize)
    assert status == 302
    return get(headers["Location"])


def posted_message(page: str) -> tuple[list[str], str]:
    origins = json.loads(re.search(r"var origins=(\[[^\]]*\])", page).group(1))
    message = json.loads(re.search(r",message=(\"(?:[^\"\\]|\\.)*\");", page).group(1))
    return origins, message


def test_a_sign_in_hands_the_token_to_the_site_only(endpoint):
    status, headers, page = sign_in(endpoint)
    assert status == 200
    origins, message = posted_message(page)
    assert origins == [SITE], "the token goes to the site's own address, nowhere else"
    prefix = "authorization:github:success:"
    assert message.startswith(prefix)
    token = json.loads(message[len(prefix):])["token"]
    assert token in endpoint["app"].tokens and endpoint["app"].tokens[token] == "public_repo"
    nonce = re.search(r"script-src 'nonce-([^']+)'", headers["Content-Security-Policy"]).group(1)
    assert f'<script nonce="{nonce}">' in page and "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    assert headers["Cache-Control"] == "no-store" and headers["Referrer-Policy"] == "no-referrer"


def test_a_callback_that_did_not_start_here_gets_no_token(endpoint):
    app = endpoint["app"]
    for state in ("", "forged.0000", oauth.make_state(endpoint["settings"], now=time.time() - oauth.STATE_SECONDS - 5)):
        app.codes["c0de"] = "public_repo"
        status, _, page = get(f"{endpoint['url']}/callback?code=c0de&state={urllib.parse.quote(state)}")
        assert status == 400 and "authorization:github:error:" in page and "sign in again" in page
    assert app.tokens == {} and ("POST", "/login/oauth/access_token") not in app.calls


def test_github_refusing_the_code_is_said_to_the_editor(endpoint):
    state = oauth.make_state(endpoint["settings"])
    status, _, page = get(f"{endpoint['url']}/callback?code=unknown&state={urllib.parse.quote(state)}")
    assert status == 400
    origins, message = posted_message(page)
    assert origins == [SITE] and message.startswith("authorization:github:error:") and "bad_verification_code" in message


def test_only_the_allowed_scopes_and_provider_are_asked_for(endpoint):
    assert get(f"{endpoint['url']}/auth?provider=github&scope=repo")[0] == 400
    assert get(f"{endpoint['url']}/auth?provider=gitlab&scope=public_repo")[0] == 400
    assert get(f"{endpoint['url']}/elsewhere")[0] == 404


def test_health_says_what_is_missing(endpoint):
    status, _, body = get(endpoint["url"] + "/health")
    data = json.loads(body)
    assert status == 200 and data["status"] == "ok" and data["callback"] == endpoint["url"] + "/callback"
    incomplete = oauth.Settings.from_env({"OAUTH_URL": "https://auth.example.org/editor", "OAUTH_ORIGINS": "https://x.org/"})
    problems = " ".join(incomplete.problems)
    assert "OAUTH_CLIENT_ID" in problems and "OAUTH_CLIENT_SECRET" in problems and "no path" in problems
    port = free_port()
    server = oauth.make_server(incomplete, "127.0.0.1", port)
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    try:
        status, _, body = get(f"http://127.0.0.1:{port}/health")
        assert status == 500 and json.loads(body)["status"] == "incomplete"
        assert get(f"http://127.0.0.1:{port}/auth?provider=github")[0] == 500
    finally:
        server.shutdown()
        server.server_close()


def test_the_endpoint_is_one_file_of_the_standard_library():
    source = Path(oauth.__file__).read_text(encoding="utf-8")
    imports = {m.split()[1].split(".")[0] for m in re.findall(r"^(?:from|import) [\w.]+", source, re.M)}
    assert imports <= set(sys.stdlib_module_names) | {"__future__"}, imports
    result = subprocess.run([sys.executable, oauth.__file__, "--check"], env={"PATH": "/usr/bin:/bin"},
                            capture_output=True, text=True, timeout=30)
    assert result.returncode == 1 and "OAUTH_CLIENT_ID" in result.stderr


def owner_section() -> str:
    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    return text.split('<a id="editor-owner"></a>', 1)[1].split('<a id="codici"></a>', 1)[0]


def test_contributing_explains_the_token_and_the_first_pull_requests():
    section = owner_section()
    italian, french = section.split("**FR**", 1)
    for words in ("public_repo", "localStorage", "decap-cms-user", "Revoke", "github.io", "Approve and run",
                  "Esci", "/health", "oauth.py"):
        assert words in italian, words
    for words in ("public_repo", "localStorage", "decap-cms-user", "Revoke", "github.io", "Approve and run",
                  "Se déconnecter", "/health", "oauth.py"):
        assert words in french, words
    assert "Netlify" not in section and "sveltia" not in section, "only the tested endpoint is described"


@pytest.mark.browser
def test_the_owners_recipe_leads_to_a_signed_in_editor(tmp_path, browser, monkeypatch):
    """CONTRIBUTING.md's owner section, step by step, with a stand-in of GitHub on 127.0.0.1."""
    from kb.editor import admin, config
    from kb.editor import serve as edit_serve

    if not (admin.DIST / "decap-cms.js").is_file():
        pytest.fail("the editor is not installed: `make test` runs `npm ci` in editor/")
    section = owner_section().split("**FR**", 1)[0]
    env_block = next(b for b in re.findall(r"```sh\n(.*?)```", section, re.S) if "OAUTH_CLIENT_ID=" in b)
    names = re.findall(r"^(OAUTH_\w+)=", env_block, re.M)
    assert names == ["OAUTH_CLIENT_ID", "OAUTH_CLIENT_SECRET", "OAUTH_URL", "OAUTH_ORIGINS"]
    exec_start = re.search(r"^ExecStart=\S+python3 \S+/oauth\.py (.*)$", section, re.M).group(1).split()
    assert "auth.base_url" in section and "/callback" in section

    web_port, auth_port, github_port = free_port(), free_port(), free_port()
    site_url, auth_url = f"http://127.0.0.1:{web_port}/", f"http://127.0.0.1:{auth_port}"
    github = f"http://127.0.0.1:{github_port}"

    # 1. the OAuth app: its callback is the endpoint's address followed by /callback
    app = OAuthApp(callback=auth_url + "/callback")
    stand_in = serve(app, github_port)
    # 2. the endpoint, with the settings file and the command line of the section
    values = {"OAUTH_CLIENT_ID": app.client_id, "OAUTH_CLIENT_SECRET": app.client_secret,
              "OAUTH_URL": auth_url, "OAUTH_ORIGINS": site_url.rstrip("/")}
    args = [a if a != "8090" else str(auth_port) for a in exec_start]
    env = {"PATH": "/usr/bin:/bin", **{n: values[n] for n in names}, "OAUTH_GITHUB": github}
    endpoint = subprocess.Popen([sys.executable, str(Path(oauth.__file__)), *args], env=env,
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    httpd = None
    context = browser.new_context()
    try:
        # 3. the check: /health answers ok, with the callback of the app
        deadline = time.monotonic() + 30
        while True:
            try:
                status, _, body = get(auth_url + "/health")
                break
            except urllib.error.URLError:
                assert endpoint.poll() is None and time.monotonic() < deadline, endpoint.stdout.read()
                time.sleep(0.2)
        health = json.loads(body)
        assert status == 200 and health["status"] == "ok" and health["callback"] == app.callback, body

        # 4. the endpoint's address in data/editor.yml (and, for the test, GitHub's API stand-in)
        settings = {**config.load_settings(), "auth": {"base_url": auth_url, "auth_endpoint": "auth",
                                                        "accept_shared_origin": False, "api_root": github + "/api"}}
        monkeypatch.setattr(config, "load_settings", lambda: settings)
        monkeypatch.setattr(admin, "load_settings", lambda: settings)
        site = tmp_path / "site"
        admin.write_admin(site, site_url, f"https://github.com/{app.repo}")
        (site / "assets").mkdir()
        httpd = edit_serve.serve_folder(site, web_port)
        threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()

        # 5. sign in from /admin/
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.goto(site_url + "admin/")
        with page.expect_popup() as popup_info:
            page.get_by_role("button", name="Accedi con GitHub").click()
        popup = popup_info.value
        popup.wait_for_event("close", timeout=30_000)
        page.locator('a[href*="#/collections/"]').first.wait_for()
        stored = json.loads(page.evaluate("localStorage.getItem('decap-cms-user')"))
        assert stored["token"] in app.tokens and app.tokens[stored["token"]] == "public_repo"
        assert ("GET", "/api/user") in app.calls
        # 6. signing out removes the token from the browser
        page.get_by_role("button", name=re.compile("account|Volontaria", re.I)).first.click()
        page.get_by_text("Esci", exact=True).click()
        page.get_by_role("button", name="Accedi con GitHub").wait_for()
        assert page.evaluate("localStorage.getItem('decap-cms-user')") is None
        assert errors == []
    finally:
        context.close()
        if httpd is not None:
            httpd.shutdown()
            httpd.server_close()
        endpoint.terminate()
        endpoint.wait(10)
        stand_in.shutdown()
        stand_in.server_close()
    log = endpoint.stdout.read()
    assert all(token not in log for token in app.tokens) and "code=" not in log, log
