"""The export page's own words, Chinese and English (the dashboard's i18n table is not touched)."""

from __future__ import annotations

from typing import Any

TEXT: dict[str, tuple[str, str]] = {
    "intro": ("把当前视图的图表导出为幻灯片可用的图片（PNG、SVG、PDF）、压缩包或 16:9 演示文稿。图表与看板中完全一致，"
              "使用侧栏中的筛选条件；每张图都带标题、单位和来源脚注。",
              "Export the current view's charts as slide-ready images (PNG, SVG, PDF), a ZIP, or a 16:9 deck. "
              "The charts are the dashboard's own, under the sidebar filters; each carries its title, unit and "
              "source footnote."),
    "view": ("导出的视图", "View to export"),
    "all_views": ("全部视图", "All views"),
    "size": ("尺寸", "Size"),
    "format": ("图片格式", "Image format"),
    "scope": ("筛选条件", "Filters"),
    "unfiltered": ("全部数据（未筛选）", "All data (no filters)"),
    "whole_view": ("整个视图", "The whole view"),
    "deck": ("下载演示文稿（PPTX，16:9）", "Download the deck (PPTX, 16:9)"),
    "zip": ("下载全部图表（ZIP，{fmt}）", "Download all charts (ZIP, {fmt})"),
    "deck_help": ("标题页（看板名称、筛选条件、日期）＋每张图一页（标题、图片、来源脚注）。",
                  "A title slide (dashboard name, filters, date) and one slide per chart (title, image, sources)."),
    "one_chart": ("单张图表", "One chart at a time"),
    "download": ("下载 {fmt}", "Download {fmt}"),
    "preview": ("显示预览（服务器端渲染，每张约 0.3 秒）", "Show previews (rendered on the server, ~0.3 s each)"),
    "n_charts": ("共 {n} 张图表", "{n} charts"),
    "no_charts": ("当前筛选条件下这个视图没有图表。", "This view has no charts under these filters."),
    "camera_hint": ("提示：各页面图表右上角的相机按钮可直接在浏览器中保存 16:9 PNG（1920×1080）。",
                    "Tip: the camera button on any chart saves a 16:9 PNG (1920×1080) right in the browser."),
    "options_from_url": ("使用网址中的页面选项：{opts}", "Using the page options from the URL: {opts}"),
}


def lt(key: str, lang: str = "zh", **fmt: Any) -> str:
    pair = TEXT.get(key)
    if pair is None:
        return key
    text = pair[1] if lang == "en" else pair[0]
    return text.format(**fmt) if fmt else text
