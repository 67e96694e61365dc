"""Plotly config for the dashboard's charts: the modebar camera button downloads a 16:9 PNG.

The download is client-side (plotly.js in the user's browser, no server, no network):
1920×1080 pixels — a 960×540 layout at scale 2, the same layout size as the server-side 16:9
export — named after the chart title. Use: st.plotly_chart(fig, config=plotly_config(title)).
"""

from __future__ import annotations

from .names import safe_filename
from .sizes import SIZES


def plotly_config(title: str, *, size: str = "16:9") -> dict:
    s = SIZES[size]
    return {
        "displaylogo": False,
        "toImageButtonOptions": {
            "format": "png",
            "filename": safe_filename(title),   # plotly.js adds ".png"
            "width": s.width,
            "height": s.height,
            "scale": s.scale,
        },
        "modeBarButtonsToRemove": ["lasso2d", "select2d"],
    }
