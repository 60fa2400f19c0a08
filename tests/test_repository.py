"""Contributing through pull requests: the automation is valid, the templates are bilingual, every
page links to its editor and to a prefilled report, and the repository is named in one place."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import yaml
from conftest import ROOT
from kb.content import frontmatter

BIN = Path(sys.executable).parent
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
FORMS = sorted((ROOT / ".github" / "ISSUE_TEMPLATE").glob("*.yml"))


def mkdocs_config() -> dict:
    class Loader(yaml.SafeLoader):
        pass

    Loader.add_constructor("!ENV", lambda loader, node: loader.construct_sequence(node)[-1])
    return yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=Loader)


def run(*cmd: str) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)


def test_workflows_pass_actionlint_and_the_workflow_schema():
    assert {p.name for p in WORKFLOWS} >= {"ci.yml", "deploy.yml"}
    result = run(str(BIN / "actionlint"), *map(str, WORKFLOWS))
    assert result.returncode == 0, result.stdout + result.stderr
    result = run(str(BIN / "check-jsonschema"), "--builtin-schema", "vendor.github-workflows", *map(str, WORKFLOWS))
    assert result.returncode == 0, result.stdout + result.stderr


def test_workflows_pass_zizmor_at_medium_severity_and_above():
    """zizmor (offline audits: unpinned actions, credentials left in the checkout, dangerous
    triggers, permissions, injections) finds nothing of medium severity or above."""
    result = run(str(BIN / "zizmor"), "--offline", "--min-severity", "medium", "--no-progress", ".github/workflows")
    assert result.returncode == 0, result.stdout + result.stderr


def test_actions_are_pinned_by_commit_with_their_version_and_no_checkout_keeps_the_token():
    for path in WORKFLOWS:
        text = path.read_text(encoding="utf-8")
        for uses in re.findall(r"^\s*(?:-\s*)?uses:\s*(.+)$", text, re.M):
            assert re.fullmatch(r"[\w.-]+/[\w./-]+@[0-9a-f]{40} # v\d+(\.\d+)*", uses.strip()), (path.name, uses)
        workflow = yaml.safe_load(text)
        assert workflow.get("permissions") == {}, path.name  # each job asks for its own
        for name, job in workflow["jobs"].items():
            assert job.get("permissions"), (path.name, name)
            for step in job.get("steps", []):
                if step.get("uses", "").startswith("actions/checkout@"):
                    assert step["with"]["persist-credentials"] is False, (path.name, name)


def test_ci_checks_with_annotations_then_runs_the_tests_with_history():
    ci = yaml.safe_load((ROOT / ".github" / "workflows" / "ci.yml").read_text(encoding="utf-8"))
    assert {"pull_request", "push"} <= set(ci[True])  # YAML 1.1 reads the key `on` as true
    steps = [s for job in ci["jobs"].values() for s in job["steps"]]
    commands = [s.get("run", "") for s in steps]
    assert commands.index("make check FORMAT=github") < commands.index("make test")
    checkout = next(s for s in steps if s.get("uses", "").startswith("actions/checkout@"))
    assert checkout["with"]["fetch-depth"] == 0


def test_deploy_publishes_the_site_folder_to_pages():
    deploy = yaml.safe_load((ROOT / ".github" / "workflows" / "deploy.yml").read_text(encoding="utf-8"))
    assert deploy[True]["push"]["branches"] == ["main"]
    jobs = deploy["jobs"]
    uses = {s.get("uses", "").split("@")[0]: s for job in jobs.values() for s in job["steps"]}
    assert uses["actions/upload-pages-artifact"]["with"]["path"] == "site"
    assert "actions/deploy-pages" in uses
    assert any(s.get("run") == "make site" for s in jobs["build"]["steps"])
    assert jobs["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["concurrency"]["group"] == "pages"


def test_issue_forms_are_valid_and_bilingual():
    names = {p.name for p in FORMS}
    assert {"correction.yml", "new-experience.yml"} <= names
    result = run(str(BIN / "check-jsonschema"), "--builtin-schema", "vendor.github-issue-forms", *map(str, FORMS))
    assert result.returncode == 0, result.stdout + result.stderr
    for path in FORMS:
        form = yaml.safe_load(path.read_text(encoding="utf-8"))
        labels = [item["attributes"]["label"] for item in form["body"] if "label" in item.get("attributes", {})]
        for text in [form["name"], *labels]:
            assert " · " in text, f"{path.name}: “{text}” is not in Italian · French"


def test_pull_request_template_has_the_bilingual_checklist():
    text = (ROOT / ".github" / "PULL_REQUEST_TEMPLATE.md").read_text(encoding="utf-8")
    boxes = re.findall(r"^- \[ \] (.+)$", text, re.M)
    assert len(boxes) >= 4
    joined = " ".join(boxes)
    for words in ["italiano", "français", "sources:", "make check", "translation:"]:
        assert words in joined


def test_pre_commit_config_parses_and_runs_the_checker():
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    hooks = {hook["id"]: hook for repo in config["repos"] for hook in repo["hooks"]}
    assert {"kb-check", "check-yaml", "ruff-check"} <= set(hooks)
    assert "check" in hooks["kb-check"]["entry"]
    for repo in config["repos"]:
        assert repo["repo"] == "local" or re.fullmatch(r"v\d+(\.\d+)*", repo["rev"])


def test_the_repository_address_is_written_only_in_mkdocs_yml():
    repo_url = mkdocs_config()["repo_url"].rstrip("/")
    tracked = run("git", "ls-files", "-z").stdout.split("\0")
    holders = []
    for name in filter(None, tracked):
        path = ROOT / name
        binary = path.suffix in {".png", ".pdf", ".ico", ".woff2"}
        if path.is_file() and not binary and repo_url in path.read_text(encoding="utf-8", errors="ignore"):
            holders.append(name)
    assert holders == ["mkdocs.yml"]


def test_every_page_links_to_its_editor_and_to_a_prefilled_report(site):
    repo_url = mkdocs_config()["repo_url"].rstrip("/")
    form = yaml.safe_load((ROOT / ".github" / "ISSUE_TEMPLATE" / "correction.yml").read_text(encoding="utf-8"))
    field_ids = {item.get("id") for item in form["body"]}
    for lang, prefix, edit_text, report_text in [
        ("it", "", "Modifica questa pagina", "Segnala un problema"),
        ("fr", "fr/", "Modifier cette page", "Signaler un problème"),
    ]:
        html = (site / prefix / "method" / "conoscere" / "index.html").read_text(encoding="utf-8")
        edit = re.search(rf'<a href="([^"]+)">{edit_text}</a>', html)
        assert edit and edit.group(1) == f"{repo_url}/edit/main/docs/{lang}/method/conoscere.md"
        report = re.search(rf'<a href="([^"]+)">{report_text}</a>', html)
        url = urlsplit(report.group(1).replace("&amp;", "&"))
        assert f"{url.scheme}://{url.netloc}{url.path}" == f"{repo_url}/issues/new"
        query = {k: v[0] for k, v in parse_qs(url.query).items()}
        assert query["template"] == "correction.yml"
        assert set(query) - {"template", "title"} <= field_ids  # other parameters fill the form's fields
        assert query["page"].endswith(f"/{prefix}method/conoscere/")
        title = frontmatter.parse((ROOT / "docs" / lang / "method" / "conoscere.md").read_bytes()).meta["title"]
        assert query["title"] == f"{report_text}: {title}"


def test_contributing_explains_every_checker_code_with_its_severity():
    codes = yaml.safe_load((ROOT / "data" / "i18n" / "checker.yml").read_text(encoding="utf-8"))["codes"]
    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    rows = dict(re.findall(r"^\| (KB\d{3}) \| ([EA]) \|", text, re.M))
    assert set(rows) == set(codes), "CONTRIBUTING.md's table of codes differs from data/i18n/checker.yml"
    for code, entry in codes.items():
        assert rows[code] == {"error": "E", "warning": "A"}[entry["severity"]], code


def test_contributing_is_in_italian_then_french_with_an_english_summary():
    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    headings = re.findall(r"^## (.+)$", text, re.M)
    assert headings.index("Italiano") < headings.index("Français")
    assert "English summary" in headings
    for command in ["make serve", "make check", "make new TYPE=experience", "make translations STAMP="]:
        assert text.count(command) >= 2, command  # in both languages
