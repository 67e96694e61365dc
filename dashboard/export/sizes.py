"""Export sizes. Sizes are given in output pixels; Plotly lays the figure out at pixels / scale,
so text stays readable on a slide (a 960×540 layout rendered at scale 2 is a 1920×1080 PNG)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Size:
    key: str
    label_zh: str
    label_en: str
    px_width: int   # pixels of the PNG
    px_height: int
    scale: float = 2

    @property
    def width(self) -> float:
        """Layout width in CSS pixels (what Plotly lays out; also the SVG/PDF page: 1 px = 0.75 pt)."""
        return self.px_width / self.scale

    @property
    def height(self) -> float:
        return self.px_height / self.scale

    @property
    def aspect(self) -> float:
        return self.px_width / self.px_height

    def label(self, lang: str = "zh") -> str:
        return self.label_zh if lang == "zh" else self.label_en

    def detail(self, lang: str = "zh") -> str:
        """e.g. 16:9 — 1920×1080 像素 (PNG)."""
        unit = "像素" if lang == "zh" else "px"
        return f"{self.label(lang)} — {self.px_width}×{self.px_height} {unit}"


SIZES: dict[str, Size] = {
    "16:9": Size("16:9", "16:9", "16:9", 1920, 1080),
    "4:3": Size("4:3", "4:3", "4:3", 1600, 1200),
    # A4 landscape is 297×210 mm = 841.9×595.3 pt = 1122.5×793.7 CSS px: laid out at that size, so a PDF
    # page is A4, and rendered at scale 3.125 to 3508×2480 px (300 dpi) for a PNG.
    "a4": Size("a4", "A4 横向", "A4 landscape", 3508, 2480, scale=3508 / (841.89 / 0.75)),
}
DEFAULT_SIZE = "16:9"

FORMATS: dict[str, str] = {"png": "image/png", "svg": "image/svg+xml", "pdf": "application/pdf"}


def get_size(key: str) -> Size:
    try:
        return SIZES[key.lower()]
    except KeyError:
        raise ValueError(f"unknown size {key!r}; choose one of {', '.join(SIZES)}") from None
