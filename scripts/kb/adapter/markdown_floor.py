"""The Markdown floor of a build, for `make bench`: CPU seconds Python-Markdown alone needs to
convert every page of the project once, with the extensions of mkdocs.yml and one converter reset
between pages. No MkDocs build of the same pages can go below it.

Here because this folder is the only one that imports Python-Markdown; the benchmark
(kb/tools/bench_run.py) runs `python -m kb.adapter.markdown_floor` in the measured project's
folder and reads the one number it prints.
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

import markdown
import yaml

from kb.content.frontmatter import split


class _AnyTag(yaml.SafeLoader):
    """Reads mkdocs.yml without its tags (`!ENV [NAME, default]` becomes the list)."""


_AnyTag.add_multi_constructor("!", lambda loader, suffix, node: loader.construct_sequence(node)
                              if isinstance(node, yaml.SequenceNode) else loader.construct_scalar(node))


def extensions(config_file: Path) -> tuple[list[str], dict]:
    """The names and configurations of the Markdown extensions that mkdocs.yml lists."""
    config = yaml.load(config_file.read_text(encoding="utf-8"), Loader=_AnyTag) or {}
    names, configs = [], {}
    for item in config.get("markdown_extensions") or []:
        name, value = next(iter(item.items())) if isinstance(item, dict) else (item, None)
        names.append(name)
        if value:
            configs[name] = value
    return names, configs


def markdown_cpu_seconds(root: Path) -> float:
    """CPU seconds to convert the body of every page of root/docs once (the reading excluded)."""
    names, configs = extensions(root / "mkdocs.yml")
    bodies = [split(path.read_text(encoding="utf-8"))[1] for path in sorted((root / "docs").rglob("*.md"))]
    converter = markdown.Markdown(extensions=names, extension_configs=configs)
    start = time.process_time()
    for body in bodies:
        converter.reset()
        converter.convert(body)
    return time.process_time() - start


def main() -> int:
    print(round(markdown_cpu_seconds(Path.cwd()), 3))
    return 0


if __name__ == "__main__":
    sys.exit(main())
