"""China's provinces as equal tiles in their approximate places: legible, drillable, no boundary data (so no
map-review question), fully offline. Each tile says how many figures its province has; 无数据 is grey."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from core.labels import t
from dashboard.charts.common import customdata_for
from dashboard.charts.footnote import add_source_footnote
from dashboard.charts.style import INK, SMALL_SIZE, apply_base

# province code → (row, column) of its tile, north at the top; Taiwan, Hong Kong and Macao are shown as
# tiles too (the product holds no figures for them: grey)
TILES = {
    "230000": (0, 7), "220000": (1, 7), "150000": (1, 5), "210000": (2, 7), "650000": (2, 1), "620000": (2, 3),
    "110000": (2, 5), "120000": (2, 6), "630000": (3, 2), "640000": (3, 3), "140000": (3, 4), "130000": (3, 5),
    "370000": (3, 6), "540000": (4, 1), "610000": (4, 3), "410000": (4, 4), "340000": (4, 5), "320000": (4, 6),
    "310000": (4, 7), "510000": (5, 2), "500000": (5, 3), "420000": (5, 4), "360000": (5, 5), "330000": (5, 6),
    "530000": (6, 2), "520000": (6, 3), "430000": (6, 4), "350000": (6, 5), "450000": (7, 3), "440000": (7, 4),
    "710000": (7, 6), "460000": (8, 3), "820000": (8, 4), "810000": (8, 5),
}
# English tiles are too small for "Heilongjiang": the ISO 3166-2:CN codes (full names in the hover)
ISO = {"110000": "BJ", "120000": "TJ", "130000": "HE", "140000": "SX", "150000": "NM", "210000": "LN",
       "220000": "JL", "230000": "HL", "310000": "SH", "320000": "JS", "330000": "ZJ", "340000": "AH",
       "350000": "FJ", "360000": "JX", "370000": "SD", "410000": "HA", "420000": "HB", "430000": "HN",
       "440000": "GD", "450000": "GX", "460000": "HI", "500000": "CQ", "510000": "SC", "520000": "GZ",
       "530000": "YN", "540000": "XZ", "610000": "SN", "620000": "GS", "630000": "QH", "640000": "NX",
       "650000": "XJ", "710000": "TW", "810000": "HK", "820000": "MO"}
OUTSIDE = {"710000": ("台湾", "Taiwan"), "810000": ("香港", "Hong Kong"), "820000": ("澳门", "Macao")}


def _shade(share: float) -> str:
    """党建红 mixed with white by `share` (opaque, so the tiles read the same on a dark background)."""
    r, g, b = (round(255 + (c - 255) * share) for c in (0xB8, 0x14, 0x1B))
    return f"#{r:02X}{g:02X}{b:02X}"


def _light(color: str) -> bool:
    return int(color[3:5], 16) > 150          # the green channel: high for the palest reds


def tile_map(df: pd.DataFrame, lang: str = "zh", sources: pd.DataFrame | None = None) -> go.Figure:
    """``df``: province_code, short_name_zh, name_en, n_figures, n_regions (0 where none)."""
    by_code = {r["province_code"]: r for r in (df.to_dict("records") if df is not None else [])}
    fig = go.Figure()
    apply_base(fig, t("tile_title", lang), t("tile_subtitle", lang), height=560)
    top = max([int(r["n_figures"]) for r in by_code.values()] or [1]) or 1
    xs, ys, texts, colors, custom, hovers = [], [], [], [], [], []
    for code, (row, col) in TILES.items():
        r = by_code.get(code)
        n = int(r["n_figures"]) if r is not None else 0
        label = (r["short_name_zh"] if lang == "zh" else r["name_en"]) if r is not None else \
            OUTSIDE.get(code, (code, code))[0 if lang == "zh" else 1]
        tile = label if lang == "zh" else ISO.get(code, label)
        xs.append(col)
        ys.append(-row)
        texts.append(f"<b>{tile}</b><br>{n}" if n else tile)   # grey and unnumbered: no data (see subtitle)
        share = n / top
        colors.append(_shade(0.18 + 0.82 * share) if n else "#EEEEEE")
        custom.append(customdata_for({"region_code": code}) if n else "")
        hovers.append(f"{label}: " + (t("tile_hover", lang, n=n, k=int(r["n_regions"])) if n and r is not None
                                      else t("no_data", lang)))
    # The squares are shapes in data units, so they keep their size and gaps at any chart size (a marker
    # has a fixed pixel size and overlapped its neighbours on a narrow screen); the scatter on top carries
    # the labels, the hover and the click.
    # (set in one update: 34 add_shape calls, each validated on its own, took a third of a second)
    fig.update_layout(shapes=[{"type": "rect", "x0": x - 0.46, "x1": x + 0.46, "y0": y - 0.46, "y1": y + 0.46,
                               "layer": "below", "fillcolor": color, "line": {"color": "#FFFFFF", "width": 1}}
                              for x, y, color in zip(xs, ys, colors, strict=True)])
    fig.add_trace(go.Scatter(
        x=xs, y=ys, mode="markers+text", text=texts, textposition="middle center",
        textfont={"size": SMALL_SIZE + 1, "color": [INK if c == "#EEEEEE" or _light(c) else "#FFFFFF"
                                                    for c in colors]},
        marker={"symbol": "square", "size": 40, "color": "rgba(0,0,0,0)"},
        customdata=custom, hovertext=hovers, hoverinfo="text", showlegend=False))
    fig.update_xaxes(visible=False, range=[-0.6, 7.6])
    fig.update_yaxes(visible=False, range=[-8.6, 0.6], scaleanchor="x", scaleratio=1)
    return add_source_footnote(fig, sources, lang, notes=[t("tile_note", lang)])
