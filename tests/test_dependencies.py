"""Installs are reproducible anywhere: the locks name packages, versions and hashes, never where a
machine found them; pyproject.toml declares the ranges the locks pin inside; Dependabot proposes
the updates of every kind of dependency the repository has."""
from __future__ import annotations

import re
import tomllib

import pytest
import yaml
from conftest import ROOT
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

LOCKS = sorted((ROOT / "requirements").glob("*.txt"))
# pip options that say where packages come from; a lock must carry none of them
WHERE_FROM = re.compile(r"^\s*(--(extra-)?index-url|-i\s|--find-links|-f\s|--trusted-host|--no-index)", re.M)


def locked(path) -> dict[str, str]:
    text = path.read_text(encoding="utf-8")
    found = re.findall(r"^([A-Za-z0-9_.-]+)(?:\[[^]]+\])?==([^\s\\;]+)", text, re.M)
    return {canonicalize_name(name): version for name, version in found}


@pytest.mark.parametrize("lock", LOCKS, ids=lambda p: p.name)
def test_a_lock_names_no_index_no_wheel_folder_and_no_path(lock):
    text = lock.read_text(encoding="utf-8")
    assert not WHERE_FROM.search(text), f"{lock.name}: recompile with --no-emit-index-url --no-emit-find-links"
    assert not re.search(r"file:/|(?<![\w.])/(opt|home|root|tmp|usr|srv|mnt|var)/", text), lock.name
    for line in text.splitlines():  # every requirement is pinned with its hashes
        if re.match(r"^[A-Za-z0-9_.-]+", line):
            assert re.match(r"^[A-Za-z0-9_.-]+(\[[^]]+\])?==\S+ \\$", line), line


def test_pyproject_declares_ranges_that_hold_the_locked_versions():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    requirements = [Requirement(text) for text in project["dependencies"]]
    site = locked(ROOT / "requirements" / "site.txt")
    names = {canonicalize_name(r.name) for r in requirements}
    # every library the package imports at run time is declared
    assert {"mkdocs", "mkdocs-material", "mkdocs-static-i18n", "markdown", "pyyaml", "jsonschema", "babel",
            "jinja2", "weasyprint", "nh3", "pagefind"} <= names
    for requirement in requirements:
        assert requirement.specifier, f"{requirement.name}: a range, not any version"
        assert any(spec.operator == "<" for spec in requirement.specifier), f"{requirement.name}: no upper bound"
        assert "==" not in str(requirement.specifier), f"{requirement.name}: the locks pin, not pyproject.toml"
        version = site.get(canonicalize_name(requirement.name))
        assert version is not None, f"{requirement.name} is not in requirements/site.txt"
        assert requirement.specifier.contains(version), f"{requirement.name} {version} (site.txt) is outside {requirement.specifier}"


def test_dependabot_follows_pip_both_npm_projects_and_the_actions():
    config = yaml.safe_load((ROOT / ".github" / "dependabot.yml").read_text(encoding="utf-8"))
    assert config["version"] == 2
    watched = {(u["package-ecosystem"], u["directory"]) for u in config["updates"]}
    assert {("pip", "/requirements"), ("npm", "/"), ("npm", "/editor"), ("github-actions", "/")} <= watched
    for update in config["updates"]:
        assert update["schedule"]["interval"] in {"daily", "weekly", "monthly"}
    for folder in ("/", "/editor"):
        assert (ROOT / folder.lstrip("/") / "package-lock.json").is_file(), folder
