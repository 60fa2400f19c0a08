"""`make bench`: the summary table and the JSON report (scripts/kb/tools/bench.py)."""
from __future__ import annotations

import os
import platform
import statistics

COLUMNS = [
    ("N", "n", "{}"),
    ("pages", "pages", "{}"),
    ("html_s", "project_s", "{:.2f}"),
    ("html_cpu_s", "project_cpu_s", "{:.2f}"),
    ("hugo_s", "hugo_s", "{:.2f}"),
    ("x_hugo", "ratio", "{:.2f}"),
    ("x_hugo_med", "ratio_median", "{:.2f}"),
    ("x_hugo_pair", "ratio_paired", "{:.2f}"),
    ("md_floor_s", "md_floor_s", "{:.2f}"),
    ("mkdocs_s", "mkdocs_s", "{:.2f}"),
    ("index_s", "index_s", "{:.2f}"),
    ("vanilla_s", "vanilla_s", "{:.2f}"),
    ("van_x_hugo", "vanilla_ratio", "{:.2f}"),
    ("t2N/tN", "scaling", "{:.2f}"),
    ("t2N/tN_med", "scaling_median", "{:.2f}"),
    ("peak_MB", "peak_mb", "{:.0f}"),
    ("html_KB/pg", "html_kb", "{:.1f}"),
    ("van_KB/pg", "vanilla_html_kb", "{:.1f}"),
    ("hugo_KB/pg", "hugo_html_kb", "{:.1f}"),
    ("site_MB", "site_mb", "{:.1f}"),
    ("1st_load_KB", "first_load_kb", "{:.1f}"),
    ("search_it_KB", "search_it_kb", "{:.1f}"),
    ("search_fr_KB", "search_fr_kb", "{:.1f}"),
    ("check_s", "check_s", "{:.2f}"),
    ("pdf_s", "pdf_s", "{:.2f}"),
]


def summary_row(result: dict, by_n: dict[int, dict]) -> dict:
    project, hugo, vanilla = result["project"], result["hugo"], result["vanilla"]
    row = {"n": result["n"], "pages": result["pages"], "project_s": project["seconds"], "hugo_s": hugo["seconds"],
           "vanilla_s": vanilla["seconds"], "peak_mb": project["peak_mb"], "html_kb": project["html_kb_per_page"],
           "vanilla_html_kb": vanilla["html_kb_per_page"], "hugo_html_kb": hugo["html_kb_per_page"],
           "site_mb": project["site_mb"]}
    cpu = project.get("cpu_runs") or []
    row["project_cpu_s"] = statistics.median(cpu) if cpu else None  # user + system of the tree, median
    row["ratio"] = project["seconds"] / hugo["seconds"] if project["seconds"] and hugo["seconds"] else None
    cpu = result.get("markdown_only_cpu_s")
    row["md_floor_s"] = cpu / max(1, min(2, os.cpu_count() or 1)) if cpu else None  # on the cores the build uses
    steps = project.get("steps") or {}
    row["mkdocs_s"], row["index_s"] = steps.get("html"), steps.get("search_index")
    row["vanilla_ratio"] = vanilla["seconds"] / hugo["seconds"] if vanilla["seconds"] and hugo["seconds"] else None
    half = by_n.get(result["n"] // 2) if result["n"] % 2 == 0 else None
    row["scaling"] = (project["seconds"] / half["project"]["seconds"]
                      if half and project["seconds"] and half["project"]["seconds"] else None)
    row["project_median_s"] = statistics.median(project["runs"]) if project["runs"] else None
    row["hugo_median_s"] = statistics.median(hugo["runs"]) if hugo["runs"] else None
    row["ratio_median"] = (row["project_median_s"] / row["hugo_median_s"]
                           if row["project_median_s"] and row["hugo_median_s"] else None)
    # Run i of the project and run i of Hugo follow each other: the median of their ratios is the
    # figure a drift of the machine's speed during the benchmark moves least.
    pairs = [p / h for p, h in zip(project["runs"], hugo["runs"], strict=False) if p and h]
    row["ratio_paired"] = statistics.median(pairs) if pairs else None
    row["scaling_median"] = (row["project_median_s"] / statistics.median(half["project"]["runs"])
                             if half and row["project_median_s"] and half["project"]["runs"] else None)
    first = result.get("first_load") or {}
    row["first_load_kb"] = first["bytes"] / 1000 if first.get("bytes") else None
    browser = result.get("browser") or {}
    for lang in ("it", "fr"):
        search = browser.get(f"search_{lang}") or {}
        row[f"search_{lang}_kb"] = search["bytes"] / 1000 if search.get("bytes") else None
    row["check_s"] = (result.get("check") or {}).get("seconds")
    row["pdf_s"] = (result.get("pdf") or {}).get("seconds")
    return row


def format_table(rows: list[dict]) -> str:
    cells = [[title for title, _key, _fmt in COLUMNS]]
    for row in rows:
        cells.append([fmt.format(row[key]) if row.get(key) is not None else "n/a" for _title, key, fmt in COLUMNS])
    widths = [max(len(line[i]) for line in cells) for i in range(len(COLUMNS))]
    lines = ["  ".join(cell.rjust(width) for cell, width in zip(line, widths, strict=True)) for line in cells]
    lines.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(lines)


def load_average() -> list[float]:
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except OSError:
        return []


def versions() -> dict:
    from importlib.metadata import PackageNotFoundError, version

    out: dict[str, str | None] = {"python": platform.python_version()}
    for name in ("mkdocs", "mkdocs-material", "mkdocs-static-i18n", "pagefind", "hugo", "Markdown"):
        try:
            out[name] = version(name)
        except PackageNotFoundError:
            out[name] = None
    return out
