"""Every label of the UI in Chinese (default) and English.

Category, indicator, region and report names come from the warehouse's *_zh / *_en columns
(see ``name``); this table holds only the dashboard's own words.
"""

from __future__ import annotations

from typing import Any

TEXT: dict[str, tuple[str, str]] = {
    # app shell
    "app_title": ("党建成效统计看板", "Party-Building Outcomes Dashboard"),
    "app_subtitle": ("基于公开报道整理的党建工作成效数据", "Figures on Party-building outcomes, curated from published reports"),
    "language": ("语言 / Language", "语言 / Language"),
    "nav_overview": ("总览", "Overview"),
    "nav_coverage": ("覆盖率", "Coverage"),
    "nav_compare": ("地区对比", "Compare regions"),
    "nav_sources": ("指标与来源", "Figures & sources"),
    "nav_map": ("地图", "Map"),
    "nav_export": ("导出", "Export"),
    "nav_import": ("数据导入", "Import data"),
    # warehouse status
    "wh_missing_title": ("尚未生成数据仓库", "The warehouse has not been built yet"),
    "wh_empty_title": ("数据仓库中还没有数据", "The warehouse holds no figures yet"),
    "wh_invalid_title": ("无法读取数据仓库", "The warehouse cannot be read"),
    "wh_howto": ("请在项目目录下运行 `make run`（会自动生成仓库并启动看板），或运行 `python -m etl build` 生成仓库后刷新本页。",
                 "In the project folder run `make run` (builds the warehouse and starts the dashboard), "
                 "or run `python -m etl build`, then reload this page."),
    "wh_path": ("仓库文件：{path}", "Warehouse file: {path}"),
    "error_title": ("页面暂时无法显示", "This page cannot be shown right now"),
    "error_body": ("读取数据时出现问题。请刷新页面；若问题持续，请重新生成数据仓库（`python -m etl build`）。",
                   "Something went wrong while reading the data. Reload the page; if it persists, "
                   "rebuild the warehouse (`python -m etl build`)."),
    # filters
    "filters": ("筛选", "Filters"),
    "f_province": ("省份", "Province"),
    "f_city": ("城市", "City"),
    "f_district": ("区县", "District"),
    "f_category": ("类别", "Category"),
    "f_period": ("期间", "Period"),
    "f_report": ("报告", "Report"),
    "all": ("全部", "All"),
    "no_period": ("未注明期间", "No period stated"),
    "reset_filters": ("清除筛选", "Clear filters"),
    "share_hint": ("当前视图已写入网址，复制浏览器地址即可分享。", "The view is kept in the URL: copy the address to share it."),
    "n_figures_suffix": ("{n} 项", "{n}"),
    "filtered_empty": ("当前筛选条件下没有数据。请放宽筛选条件。", "No figures match these filters. Try widening them."),
    # generic values
    "unknown": ("未注明", "n/a"),
    "no_data": ("无数据", "no data"),
    "nd_date": ("未注明", "n.d."),
    "nd_date_long": ("日期未注明", "n.d."),
    "city_unnamed": ("城市未注明", "city not named"),
    "publisher_unknown": ("发布者未注明", "publisher not stated"),
    "inferred": ("推断", "inferred"),
    "source": ("来源", "Source"),
    "sources": ("来源", "Sources"),
    "more_sources": ("另有 {n} 份报告", "and {n} more reports"),
    "unit": ("单位", "Unit"),
    "unit_label": ("单位：{unit}", "Unit: {unit}"),
    "first_n_rows": ("仅显示前 {n} 行，共 {total} 行。", "Showing the first {n} of {total} rows."),
    "rows_total": ("共 {total} 行", "{total} rows"),
    "page": ("页码", "Page"),
    # qualifiers and flags
    "q_exact": ("确数", "exact"),
    "q_more_than": ("多于（多/余/以上）", "more than"),
    "q_at_least": ("至少", "at least"),
    "q_approx": ("约数", "approximately"),
    "q_range": ("区间", "range"),
    "flag_inconsistent": ("不一致", "inconsistent"),
    "flag_implied": ("推算", "implied"),
    "flag_approximate": ("约数", "approximate"),
    "flag_derived": ("分母来自参考数据", "denominator from reference data"),
    "flag_exceeds": ("分子大于分母", "numerator exceeds denominator"),
    "flags_legend": ("标注：不一致＝报告比率与计算比率相差超过0.5个百分点 · 推算＝由“全部”等措辞推得，或报告未直接给出比率\n"
                     "约数＝含“多、约、至少”等 · 参考分母＝分母为行政区划统计数 · 实心圆＝报告比率，空心圆＝计算比率",
                     "Flags: inconsistent = reported and computed rates differ by over 0.5 points\n"
                     "implied = follows from wording such as 'all', or the rate is not stated · approx. = 'more than', "
                     "'about', 'at least'\nderived = denominator counted from reference data · dot = reported, "
                     "ring = computed"),
    "flagshort_inconsistent": ("不一致", "inconsistent"),
    "flagshort_implied": ("推算", "implied"),
    "flagshort_approximate": ("约数", "approx."),
    "flagshort_derived": ("参考分母", "derived"),
    "flagshort_exceeds": ("分子大于分母", "n > N"),
    # overview
    "ov_headline": ("核心数据", "Headline figures"),
    "ov_counts": ("数据概况", "The data at a glance"),
    "ov_reports": ("报告", "Reports"),
    "ov_regions": ("地区", "Regions"),
    "ov_indicators": ("指标", "Indicators"),
    "ov_figures": ("数据项", "Figures"),
    "ov_latest_reports": ("最新报告", "Latest reports"),
    "ov_by_category": ("各类别数据项", "Figures by category"),
    "ov_more_regions": ("另有 {n} 个地区有此指标，见“地区对比”", "{n} more regions have this indicator: see Compare regions"),
    "card_coverage": ("覆盖率 {rate}", "coverage {rate}"),
    "card_teams": ("共 {n} 支队伍", "in {n} teams"),
    "col_report": ("报告", "Report"),
    "col_title": ("标题", "Title"),
    "col_publisher": ("发布者", "Publisher"),
    "col_date": ("发布日期", "Published"),
    "col_region": ("地区", "Region"),
    "col_figures": ("数据项", "Figures"),
    "col_indicator": ("指标", "Indicator"),
    "col_category": ("类别", "Category"),
    "col_organization": ("机构", "Organization"),
    "col_value": ("数值", "Value"),
    "col_qualifier": ("限定", "Qualifier"),
    "col_period": ("期间", "Period"),
    "col_link": ("链接", "Link"),
    "col_note": ("说明", "Note"),
    "col_rank": ("排名", "Rank"),
    "col_rate": ("比率", "Rate"),
    "col_reported": ("报告比率", "Reported rate"),
    "col_computed": ("计算比率", "Computed rate"),
    "col_n_over_d": ("n/N", "n/N"),
    "col_flags": ("标注", "Flags"),
    "col_fact_id": ("编号", "ID"),
    "col_population": ("人口", "Population"),
    "count_unit": ("项", "figures"),
    # coverage
    "cov_title": ("覆盖率指标", "Coverage indicators"),
    "cov_intro": ("每个比率指标按地区列出：实心圆为报告比率，空心圆为由 n/N 计算的比率。",
                  "Every rate indicator by region: filled dots are reported rates, rings are rates computed from n/N."),
    "cov_sort": ("排序", "Sort"),
    "sort_rate": ("按比率", "By rate"),
    "sort_indicator": ("按指标", "By indicator"),
    "sort_region": ("按地区", "By region"),
    "legend_reported": ("报告比率", "Reported rate"),
    "legend_computed": ("计算比率（n/N）", "Computed rate (n/N)"),
    "cov_chart_title": ("覆盖率：各指标与地区", "Coverage: every indicator by region"),
    "cov_table": ("明细表", "Details"),
    "cov_empty": ("当前筛选条件下没有比率类指标。", "No rate indicators match these filters."),
    # compare
    "cmp_mode": ("对比方式", "Compare by"),
    "cmp_mode_indicator": ("单个指标", "One indicator"),
    "cmp_mode_category": ("整个类别", "A whole category"),
    "cmp_indicator": ("指标", "Indicator"),
    "cmp_more": ("并列对比的其他指标（小多图）", "More indicators side by side (small multiples)"),
    "cmp_category": ("类别", "Category"),
    "cmp_level": ("地区层级", "Region level"),
    "level_province": ("省级", "Province"),
    "level_city": ("市级", "City"),
    "level_district": ("区县级", "District"),
    "per_capita": ("按人口计算（每万人）", "Per capita (per 10,000 people)"),
    "per_capita_off": ("当前地区均无有出处的人口数据，无法按人口计算。参考数据中补充带出处的人口后，此开关即可使用。",
                       "No region here has a sourced population figure, so per-capita values cannot be "
                       "computed. The switch becomes available once sourced populations are added to the reference data."),
    "per_capita_unit": ("每万人{unit}", "{unit} per 10,000 people"),
    "tab_chart": ("图表", "Chart"),
    "tab_multiples": ("小多图", "Small multiples"),
    "tab_table": ("表格", "Table"),
    "rank_title": ("{indicator}：{level}排名", "{indicator}: ranking by {level}"),
    "multiples_title": ("多指标对比（{level}）", "Several indicators side by side ({level})"),
    "no_data_note": ("另有 {n} 个地区无数据，未列出。", "{n} more regions have no data and are not listed."),
    "no_data_shown": ("灰色“无数据”表示该地区没有此项数据（不是零）。", "Grey 'no data' means no figure exists for that region (not zero)."),
    "cmp_empty": ("当前筛选条件下没有可对比的指标。", "No indicators to compare under these filters."),
    "level_note_province": ("省级：报告以全省为范围的数字。", "Province: figures that a report states for a whole province."),
    # sources
    "src_title": ("指标与来源", "Figures and their sources"),
    "src_filter_indicator": ("指标", "Indicator"),
    "src_selected": ("图表中选中的数据", "Figures selected in a chart"),
    "src_clear_selection": ("显示全部数据", "Show all figures"),
    "src_evidence": ("原文证据", "Evidence in the source text"),
    "src_evidence_missing": ("本机未找到该报告的原文（按 sha256 查找），无法显示原文证据。来源文件夹：{folder}",
                             "The report's text is not on this computer (looked up by sha256), so no evidence "
                             "can be shown. Source folder: {folder}"),
    "src_evidence_none": ("该数据没有记录原文位置。", "No position in the source text is recorded for this figure."),
    "src_open_link": ("打开原文链接", "Open the original link"),
    "src_no_link": ("无公开链接", "no public link"),
    "src_pick_figure": ("查看原文证据的数据项", "Figure to show evidence for"),
    "src_showing": ("共 {total} 项数据", "{total} figures"),
    "src_title_descriptive": ("（标题为编者拟）", "(descriptive title)"),
    # click-to-source
    "sel_heading": ("所选数据的来源", "Sources of the selected data"),
    "sel_hint": ("点击图中的条形或圆点，可查看其背后的数据和来源。", "Click a bar or dot to see the figures and sources behind it."),
    "sel_open": ("在“指标与来源”中查看", "Open in Figures & sources"),
    # map
    "map_title": ("{indicator}：地区分布", "{indicator}: where the figures are"),
    "map_indicator": ("气泡大小所示指标", "Indicator sized by bubbles"),
    "map_note": ("示意图：气泡按经纬度绘制，灰点为省会位置，仅作参考；未使用任何边界数据，未绘制国界，不构成地图。",
                 "Schematic: bubbles are placed by longitude and latitude; grey dots mark provincial seats for "
                 "orientation. No boundary data is used and no national border is drawn."),
    "map_empty": ("该指标没有市、区县级数据。", "This indicator has no city or district figures."),
    "lng": ("经度", "Longitude"),
    "lat": ("纬度", "Latitude"),
    "map_unplaced": ("{n} 项数据缺少坐标，未在图中显示。", "{n} figures have no coordinates and are not shown."),
}

CATEGORY_ORDER = ["组织覆盖", "队伍建设", "阵地建设", "品牌创建", "制度机制", "服务成效", "业务成效"]


def t(key: str, lang: str = "zh", **fmt: Any) -> str:
    """The label ``key`` in ``lang`` (zh | en); unknown keys fall back to the key itself."""
    pair = TEXT.get(key)
    if pair is None:
        return key
    text = pair[1] if lang == "en" else pair[0]
    return text.format(**fmt) if fmt else text


def name(row: Any, base: str, lang: str = "zh") -> str:
    """``row[base_zh]`` or ``row[base_en]`` (falling back to Chinese, then to 未注明 / n/a)."""
    get = row.get if hasattr(row, "get") else (lambda k, d=None: getattr(row, k, d))
    zh, en = get(f"{base}_zh", get(base)), get(f"{base}_en")
    value = en if lang == "en" and _present(en) else zh
    return str(value) if _present(value) else t("unknown", lang)


def _present(v: Any) -> bool:
    if v is None:
        return False
    try:
        if v != v:  # NaN
            return False
    except (TypeError, ValueError):
        pass
    return str(v).strip() != ""

TEXT.update({
    "no_population": ("无人口数据", "no population"),
    "latest_note": ("每个地区取最新报告的数值；同一地区多个机构的数值相加（比率取平均）。",
                    "Each region shows its newest reported figure; figures of several organizations in one region "
                    "are added up (rates averaged)."),
    "approx_note": ("浅色条表示约数或下限（7700+ 表示“7700多”）。", "Light bars are approximate or lower bounds (7,700+ means 'over 7,700')."),
})

TEXT.update({
    "map_bubble_note": ("气泡面积与数值成正比", "bubble area is proportional to the value"),
})

TEXT.update({
    "cat_bar_label": ("{n} 项数据 · {k} 个指标", "{n} figures · {k} indicators"),
})

TEXT.update({
    "ov_intro": ("核心数据均来自公开报道，每项数据注明地区、报告与日期。",
                 "Every headline figure comes from a published report and names its region, report and date."),
    "ov_title": ("党建成效总览", "Party-building outcomes at a glance"),
    "cmp_title": ("地区对比", "Compare regions"),
    "cmp_intro": ("选择一个指标或一个类别，查看各地区排名。", "Pick an indicator or a category and see how regions rank."),
    "map_page_title": ("地区分布图", "Where the figures are"),
    "map_intro": ("市、区县数据以气泡表示，气泡越大数值越高。", "City and district figures as bubbles: the bigger, the higher."),
    "src_intro": ("每项数据及其报告、发布者、日期和链接；本机有原文时显示原文证据。",
                  "Every figure with its report, publisher, date and link; evidence is shown when the source text is on this computer."),
    "cov_page_intro": ("比率类指标：报告给出的比率与由分子分母计算的比率并列，并标注不一致、推算、约数等情况。",
                       "Rate indicators: reported rates beside rates computed from n/N, with inconsistent, implied and approximate values flagged."),
})

TEXT.update({
    "cmp_more_ph": ("可选，最多 8 个", "optional, up to 8"),
})

TEXT.update({
    "cov_more_rows": ("图中显示前 {n} 项，另有 {hidden} 项见下方明细表。",
                      "The chart shows the first {n} rows; {hidden} more are in the details table below."),
})

# The 导出 Export page
TEXT.update({
    "exp_intro": ("把当前视图的图表导出为幻灯片可用的图片（PNG、SVG、PDF）、压缩包或 16:9 演示文稿。图表与看板中完全一致，"
              "使用侧栏中的筛选条件；每张图都带标题、单位和来源脚注。",
              "Export the current view's charts as slide-ready images (PNG, SVG, PDF), a ZIP, or a 16:9 deck. "
              "The charts are the dashboard's own, under the sidebar filters; each carries its title, unit and "
              "source footnote."),
    "exp_view": ("导出的视图", "View to export"),
    "exp_all_views": ("全部视图", "All views"),
    "exp_size": ("尺寸", "Size"),
    "exp_format": ("图片格式", "Image format"),
    "exp_scope": ("筛选条件", "Filters"),
    "exp_unfiltered": ("全部数据（未筛选）", "All data (no filters)"),
    "exp_whole_view": ("整个视图", "The whole view"),
    "exp_deck": ("下载演示文稿（PPTX，16:9）", "Download the deck (PPTX, 16:9)"),
    "exp_zip": ("下载全部图表（ZIP，{fmt}）", "Download all charts (ZIP, {fmt})"),
    "exp_deck_help": ("标题页（看板名称、筛选条件、日期）＋每张图一页（标题、图片、来源脚注）。",
                  "A title slide (dashboard name, filters, date) and one slide per chart (title, image, sources)."),
    "exp_one_chart": ("单张图表", "One chart at a time"),
    "exp_download": ("下载 {fmt}", "Download {fmt}"),
    "exp_preview": ("显示预览（服务器端渲染，每张约 0.3 秒）", "Show previews (rendered on the server, ~0.3 s each)"),
    "exp_n_charts": ("共 {n} 张图表", "{n} charts"),
    "exp_no_charts": ("当前筛选条件下这个视图没有图表。", "This view has no charts under these filters."),
    "exp_camera_hint": ("提示：各页面图表右上角的相机按钮可直接在浏览器中保存 16:9 PNG（1920×1080）。",
                    "Tip: the camera button on any chart saves a 16:9 PNG (1920×1080) right in the browser."),
    "exp_options_from_url": ("使用网址中的页面选项：{opts}", "Using the page options from the URL: {opts}"),
})

TEXT.update({
    "inferred_mark": ("（推断）", " (inferred)"),
})

# Regions a report names without a figure (sources page)
TEXT.update({
    "src_mentions": ("报告点名但未给出数字的地区（{n} 个）", "Regions a report names without a figure ({n})"),
    "src_mentions_note": ("这些地区在报告中被点名（如介绍其做法），但报告没有给出它们的数字，因此不计入排名和地图。",
                          "These regions are named in a report (for example for a practice) but the report gives "
                          "no figure for them, so they are not counted in rankings or maps."),
    "src_mention_role": ("提及方式", "Named as"),
    "src_mention_about": ("内容", "About"),
    "src_mention_offsets": ("原文位置", "Position in text"),
    "mention_practice": ("介绍其做法", "its practice"),
    "mention_venue": ("会议地点", "meeting venue"),
})
