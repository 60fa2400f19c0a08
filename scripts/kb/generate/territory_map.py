"""A schematic diagram of the nine ALCOTRA territories as inline SVG: one tile per territory, placed
roughly where it lies (France west, Italy east, north at the top), each a link to its /browse/
page with the number of items. Not a geographic map, and labelled as such.

The drawing uses currentColor only, so it follows the light and dark palettes and prints in black;
presentation attributes keep it readable without the site's CSS. A plain list is its text equivalent.
"""
from __future__ import annotations

import html

from kb.content.pages import rel_to_url
from kb.content.paths import lang_prefix
from kb.content.strings import t
from kb.content.vocab import keys, label, load_vocabularies
from kb.generate.block import Block
from kb.generate.indexes import FACET_BY_NAME, FacetIndex, browse_rel, count_text, relative_url, value_list

WIDTH, HEIGHT = 420, 452
TILE_W = 184
COLUMNS = {"FR": 14, "IT": 222}  # x of each country's column; the border runs between them

# (row top, tile height) of each territory: north at the top, arranged as on a map of the Alps.
LAYOUT: dict[str, tuple[int, int]] = {
    "haute-savoie": (36, 62),
    "savoie": (106, 62),
    "hautes-alpes": (176, 62),
    "alpes-de-haute-provence": (246, 62),
    "alpes-maritimes": (316, 62),
    "valle-aosta": (70, 62),
    "torino": (140, 80),
    "cuneo": (228, 108),
    "imperia": (344, 62),
}


def tiles() -> list[dict]:
    """Position of each territory of data/vocabularies.yml, in vocabulary order."""
    territories = load_vocabularies()["territories"]
    out = []
    for key in keys("territories"):
        top, height = LAYOUT[key]
        country = territories[key]["country"]
        out.append({"key": key, "country": country, "x": COLUMNS[country], "y": top, "w": TILE_W, "h": height})
    return out


def territory_svg(counts: dict[str, int], hrefs: dict[str, str], lang: str) -> str:
    e = html.escape
    title_id, desc_id = "kb-map-title", "kb-map-desc"
    out = [
        f'<svg class="kb-map-svg" viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" height="{HEIGHT}" '
        f'aria-labelledby="{title_id} {desc_id}" font-family="system-ui, sans-serif">',
        f'<title id="{title_id}">{e(t(lang, "map_title"))}</title>',
        f'<desc id="{desc_id}">{e(t(lang, "map_desc"))}</desc>',
    ]
    for country, x in COLUMNS.items():
        out.append(
            f'<text x="{x + TILE_W // 2}" y="22" text-anchor="middle" font-size="13" font-weight="700" '
            f'fill="currentColor" class="kb-map-country">{e(label("countries", country, lang).upper())}</text>'
        )
    border_x = (COLUMNS["FR"] + TILE_W + COLUMNS["IT"]) // 2
    out.append(
        f'<line x1="{border_x}" y1="30" x2="{border_x}" y2="410" stroke="currentColor" '
        f'stroke-width="1.5" stroke-dasharray="6 5" class="kb-map-border" aria-hidden="true"/>'
    )
    waves = " ".join("q 10 -7 20 0 t 20 0" for _ in range(9))
    out.append(
        f'<path d="M 60 428 {waves}" fill="none" stroke="currentColor" stroke-width="1.2" '
        f'class="kb-map-coast" aria-hidden="true"/>'
    )
    out.append(
        f'<text x="240" y="446" text-anchor="middle" font-size="11" font-style="italic" '
        f'fill="currentColor" class="kb-map-sea">{e(t(lang, "map_sea"))}</text>'
    )
    for tile in tiles():
        key, x, y, w, h = tile["key"], tile["x"], tile["y"], tile["w"], tile["h"]
        cx, cy = x + w // 2, y + h // 2
        shade = "0.14" if tile["country"] == "IT" else "0.06"
        name = e(label("territories", key, lang))
        count = e(count_text(lang, counts.get(key, 0)))
        out.append(
            f'<a href="{e(hrefs[key])}" class="kb-map-area kb-map-{tile["country"].lower()}" data-territory="{key}">'
            f'<rect x="{x}" y="{y}" width="{w}" height="{h}" rx="9" fill="currentColor" fill-opacity="{shade}" '
            f'stroke="currentColor" stroke-width="1.5"/>'
            f'<text x="{cx}" y="{cy - 3}" text-anchor="middle" font-size="13" font-weight="700" fill="currentColor">{name}</text>'
            f'<text x="{cx}" y="{cy + 15}" text-anchor="middle" font-size="12" fill="currentColor">{count}</text>'
            f"</a>"
        )
    out.append("</svg>")
    return "".join(out)


def map_block(index: FacetIndex, lang: str, from_rel: str, with_list: bool = True) -> list:
    """The figure (SVG + caption) for the page at `from_rel`, a Block of kind 'territory-map' (its
    items: the territories, in vocabulary order), and, unless the page already lists the
    territories, the same information as a plain list of links: the parts of a Fragment."""
    from_url = lang_prefix(lang) + rel_to_url(from_rel)
    territories = keys("territories")
    hrefs = {
        key: relative_url(from_url, lang_prefix(lang) + rel_to_url(browse_rel("territory", key)))
        for key in territories
    }
    svg = territory_svg(index.counts("territory"), hrefs, lang)
    figure = Block(
        "territory-map", tuple(territories),
        head=f'<figure class="kb-map">\n{svg}\n<figcaption>{html.escape(t(lang, "map_caption"))}</figcaption>\n</figure>',
    )
    if not with_list:
        return [figure]
    return [figure, value_list(index, FACET_BY_NAME["territory"], from_rel, lang)]
