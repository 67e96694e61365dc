"""Chinese fonts for server-side export: which CJK fonts fontconfig knows, and the family we set.

Chromium (driven by kaleido) resolves font families through fontconfig, so if fontconfig has no
font covering Chinese, every Han character would come out as a box ("tofu"). We check first and
refuse with a message saying how to install one, instead of writing tofu silently.
"""

from __future__ import annotations

import functools
import shutil
import subprocess

from .errors import NoCJKFontError

# The family set explicitly on every exported figure (and in the deck, see deck.py).
PREFERRED_FAMILIES: tuple[str, ...] = ("Noto Sans CJK SC", "Microsoft YaHei", "PingFang SC")
FONT_FAMILY = ", ".join((*PREFERRED_FAMILIES, "sans-serif"))

INSTALL_HINT = (
    "没有找到中文字体（fontconfig 中没有支持 zh 的字体），导出会把汉字画成方框，已停止。"
    "请安装：sudo apt-get install -y fonts-noto-cjk（或运行 make system），然后重试。\n"
    "No Chinese (CJK) font is known to fontconfig (`fc-list :lang=zh` is empty), so the export "
    "would draw boxes instead of Chinese and has stopped. Install one: "
    "sudo apt-get install -y fonts-noto-cjk (or `make system`), then try again."
)


@functools.cache
def cjk_families() -> tuple[str, ...]:
    """Font families fontconfig lists for the Chinese language, in fc-list order (cached per process)."""
    fc_list = shutil.which("fc-list")
    if not fc_list:
        return ()
    try:
        out = subprocess.run(
            [fc_list, ":lang=zh", "family"], capture_output=True, text=True, timeout=30, check=False
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return ()
    seen: dict[str, None] = {}
    for line in out.splitlines():
        for name in line.split(","):
            name = name.strip().replace("\\-", "-")
            if name:
                seen.setdefault(name, None)
    return tuple(seen)




def require_cjk_font() -> str:
    """Return the CJK family the export will use; raise NoCJKFontError when there is none."""
    families = cjk_families()
    if not families:
        raise NoCJKFontError(INSTALL_HINT)
    for name in PREFERRED_FAMILIES:
        if name in families:
            return name
    sans = [f for f in families if "sans" in f.lower() and "mono" not in f.lower()]
    return (sans or list(families))[0]


def export_font_family() -> str:
    """The CSS font-family for exported figures: our preferred stack, plus whatever CJK font is
    installed when none of the preferred ones is (e.g. WenQuanYi), then sans-serif."""
    used = require_cjk_font()
    if used in PREFERRED_FAMILIES:
        return FONT_FAMILY
    return ", ".join((*PREFERRED_FAMILIES, used, "sans-serif"))
