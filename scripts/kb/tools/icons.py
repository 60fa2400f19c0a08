"""The app icons of the site (web app manifest, scripts/kb/generate/offline.py), drawn from its logo.

`python -m kb.tools.icons [--check]`

Renders overrides/assets/favicon.svg (the logo) with Chromium at 192 and 512 pixels, transparent
around the rounded square, into overrides/assets/icons/icon-<size>.png, which are committed: the
build copies them and needs no browser. Run it again after changing the logo; `--check` says
whether the committed icons are still the logo's (within the anti-aliasing of a Chromium version).
"""
from __future__ import annotations

import argparse
import io
import sys
from pathlib import Path

from kb.content.paths import ROOT
from kb.generate.offline import ICONS

LOGO = ROOT / "overrides" / "assets" / "favicon.svg"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--font-render-hinting=none"]


def render(sizes: list[int], logo: Path = LOGO) -> dict[int, bytes]:
    """PNG bytes of the logo at each size (square, transparent background)."""
    from playwright.sync_api import sync_playwright

    svg = logo.read_text(encoding="utf-8")
    out = {}
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for size in sizes:
                page = browser.new_page(viewport={"width": size, "height": size}, device_scale_factor=1)
                page.set_content(
                    "<!doctype html><html><body style='margin:0;background:transparent'>"
                    f"<div style='width:{size}px;height:{size}px'>{svg}</div></body></html>"
                )
                page.add_style_tag(content="svg{width:100%;height:100%;display:block}")
                out[size] = page.screenshot(omit_background=True, clip={"x": 0, "y": 0, "width": size, "height": size})
                page.close()
        finally:
            browser.close()
    return out


def difference(a: bytes, b: bytes) -> float:
    """Mean absolute difference of two PNGs' RGBA channels, 0..255 (inf if their sizes differ)."""
    from PIL import Image, ImageChops

    one, two = (Image.open(io.BytesIO(x)).convert("RGBA") for x in (a, b))
    if one.size != two.size:
        return float("inf")
    histogram = ImageChops.difference(one, two).histogram()
    pixels = one.size[0] * one.size[1] * 4
    return sum(value * count for value, count in zip(list(range(256)) * 4, histogram, strict=True)) / pixels


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m kb.tools.icons")
    parser.add_argument("--check", action="store_true", help="compare with the committed icons, write nothing")
    args = parser.parse_args(argv)
    rendered = render([size for size, _ in ICONS])
    status = 0
    for size, rel in ICONS:
        path = ROOT / "overrides" / rel
        if args.check:
            diff = difference(rendered[size], path.read_bytes()) if path.exists() else float("inf")
            print(f"{path.relative_to(ROOT)}: mean difference {diff:.2f}")
            status |= diff > 2.0
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(rendered[size])
            print(f"{path.relative_to(ROOT)}: {size}x{size}, {len(rendered[size])} bytes")
    return status


if __name__ == "__main__":
    sys.exit(main())
