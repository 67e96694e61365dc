"""Chart builders are pure (DataFrame → Figure) and every chart carries a title, its unit, a source
footnote, CJK fonts and click targets; approximate values are marked; nothing is drawn from a CDN."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest

from core.labels import t, table
from dashboard import chart_specs, charts, queries
from dashboard import formatting as fmt
from dashboard.charts.style import FONT_FAMILY, image_config
from dashboard.filters import Filters
from dashboard.selection import Selection, from_points


@pytest.fixture(autouse=True)
def warehouse(built_warehouse: Path, monkeypatch) -> Path:
    monkeypatch.setenv("DJCX_WAREHOUSE", str(built_warehouse))
    return built_warehouse


def annotations(fig: go.Figure) -> str:
    return "\n".join(a.text or "" for a in fig.layout.annotations)


def all_text(fig: go.Figure) -> str:
    parts = [fig.layout.title.text or "", fig.layout.title.subtitle.text or "", annotations(fig)]
    for tr in fig.data:
        for attr in ("text", "hovertext", "y"):
            v = getattr(tr, attr, None)
            if v is not None:
                parts.extend(str(x) for x in (v if isinstance(v, list | tuple) else [v]) if x is not None)
    return "\n".join(parts)


def check_chart(spec: chart_specs.ChartSpec, lang: str) -> None:
    fig = spec.figure
    assert spec.title and fig.layout.title.text
    assert t("unit", lang) in fig.layout.title.subtitle.text  # 单位：… / Unit: …
    assert fig.layout.font.family == FONT_FAMILY
    assert t("source", lang) in annotations(fig) and spec.sources_text
    assert not any(tr.type in ("scattergeo", "choropleth", "scattermapbox", "choroplethmap", "scattermap")
                   for tr in fig.data)
    text = all_text(fig)
    assert "None" not in text and "nan" not in text.lower().split()


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("view", chart_specs.VIEWS)
def test_every_view_chart(view: str, lang: str):
    specs = chart_specs.charts_for_view(view, Filters(lang=lang))
    assert specs      # compare: with the 17 reports, concepts have several regions each
    for spec in specs:
        check_chart(spec, lang)
        if lang == "en":
            assert not any("\u4e00" <= ch <= "\u9fff" for ch in spec.title), spec.title


def test_compare_views_with_options():
    specs = chart_specs.charts_for_view("compare", Filters(province="350000"), indicator="party_branch_count",
                                  more=["in_service_member_count", "brand_count"])
    # only 三明 has these figures in Fujian: no league table of one, the small multiples remain
    assert [s.key for s in specs] == ["compare-multiples-city"]
    assert "7700+" in all_text(specs[0].figure)  # approximate value marked
    cat = chart_specs.charts_for_view("compare", Filters(), category="品牌创建", level="city")
    assert len(cat) == 1 and "multiples" in cat[0].key


def test_coverage_chart_shows_n_over_N_and_flags():
    df = queries.coverage(Filters())
    df = df[df["report_id"].str.startswith("0")]   # the seed reports' rates, all within one chart's 40 rows
    fig = charts.coverage_chart(df, "zh", sort="indicator")
    text = all_text(fig)
    assert "707/707" in text and "11/13" in text and "推算" in text and "分母来自参考数据" in text
    assert "安徽省 · 城市未注明" in text
    clicks = [cd for tr in fig.data for cd in (tr.customdata or [])]
    assert any(Selection.decode(c).fact_ids for c in clicks)


def test_ranking_chart_with_several_figures_per_region():
    df = pd.DataFrame([{"indicator_key": "k", "indicator_zh": "党支部数", "indicator_en": "Branches",
                        "region_code": "350400", "region_zh": "三明市", "region_en": "Sanming",
                        "region_level": "prefecture", "scope_level": "city", "value": 700.0, "raw_value": 700.0,
                        "qualifier": "exact", "unit": "个", "unit_en": "units", "is_rate": False,
                        "fact_ids": np.array(["a-1", "a-2"]), "n_figures": 2, "n_no_data": 0}])
    fig = charts.ranking_chart(df, "zh")
    assert "a-1, a-2" in fig.data[0].hovertext[0]
    assert Selection.decode(fig.data[0].customdata[0]).fact_ids == ("a-1", "a-2")


def test_ranking_chart_marks_missing_and_approximate():
    df = pd.DataFrame([
        {"indicator_key": "k", "indicator_zh": "在职党员数", "indicator_en": "Members", "region_code": "350400",
         "region_zh": "三明市", "region_en": "Sanming", "region_level": "prefecture", "scope_level": "city",
         "value": 7700.0, "raw_value": 7700.0, "qualifier": "more_than", "unit": "人", "unit_en": "people",
         "is_rate": False, "fact_ids": ["002-03"], "n_figures": 1, "n_no_data": 1},
        {"indicator_key": "k", "indicator_zh": "在职党员数", "indicator_en": "Members", "region_code": "350100",
         "region_zh": "福州市", "region_en": "Fuzhou", "region_level": "prefecture", "value": None,
         "raw_value": None, "qualifier": None, "unit": "人", "unit_en": "people", "is_rate": False,
         "fact_ids": None, "n_figures": None, "n_no_data": 1},
    ])
    sources = pd.DataFrame([{"report_id": "002", "report_title_zh": "三明", "report_title_en": "Sanming",
                             "publisher": None, "published_on": None}])
    fig = charts.ranking_chart(df, "en", sources=sources)
    text = all_text(fig)
    assert "7,700+" in text and "no data" in text and "publisher not stated" in text and "n.d." in text
    assert fig.data[0].x[1] is None  # no bar, not a zero bar
    assert Selection.decode(fig.data[0].customdata[0]).fact_ids == ("002-03",)


def test_map_chart_is_offline_and_places_bubbles_by_coordinates():
    df = queries.map_points(Filters(), "property_mgmt_area_count")
    fig = charts.map_chart(df, "zh", seats=queries.province_seats())
    assert all(tr.type == "scatter" for tr in fig.data)
    assert fig.layout.yaxis.scaleanchor == "x"
    assert "城市未注明" in all_text(fig) and "未绘制国界" in annotations(fig)


def test_image_config_is_slide_ready():
    cfg = image_config("党支部数：市级排名")
    # 960×540 laid out at scale 2: a 1920×1080 PNG, as the page says (it was 3840×2160 with tiny text)
    assert cfg["toImageButtonOptions"] == {"format": "png", "width": 960, "height": 540, "scale": 2,
                                           "filename": "党支部数：市级排名"}


def test_click_points_decode_to_a_selection():
    pts = [{"customdata": Selection(fact_ids=("002-01",)).encode()},
           {"customdata": [Selection(fact_ids=("002-03",)).encode()]}]
    assert from_points(pts).fact_ids == ("002-01", "002-03")
    sel = from_points([{"customdata": Selection(indicator="k", region="350400").encode()}])
    assert sel.to_query_params() == {"s_indicator": "k", "s_region": "350400"}
    assert Selection.from_query_params(sel.to_query_params()) == sel


def test_formatting_is_honest():
    assert fmt.value(7700, "more_than", "zh", "人") == "7700+人"
    assert fmt.value(7700, "more_than", "en", "人", "people") == "7,700+ people"
    assert fmt.value(2, "approx", "zh", "年") == "约2年"
    assert fmt.value(1, "range", "zh", "个", value_max=2) == "1–2个"
    assert fmt.value(13_600_000_000, "exact", "zh", "元") == "136亿元"
    assert fmt.value(None, "exact", "zh") == "未注明" and fmt.value(None, "exact", "en") == "n/a"
    assert fmt.date(None, "zh") == "未注明" and fmt.date(None, "en") == "n.d."
    assert fmt.date("2017-10", "zh") == "2017年10月" and fmt.date("2023-03-21", "en") == "21 Mar 2023"


def test_every_label_has_both_languages():
    for key, (zh, en) in table().items():
        assert zh and en, key
        if key.startswith(("msg_", "hint_")):
            continue   # messages about analysts' files may quote what to write (7700多, 单位名)
        assert not any("\u4e00" <= ch <= "\u9fff" for ch in en.replace("语言", "").replace("中文", "")), key


def test_inferred_publisher_and_date_are_never_shown_as_fact(built_warehouse, monkeypatch):
    from dashboard import queries

    monkeypatch.setenv("DJCX_WAREHOUSE", str(built_warehouse))
    rows = {r["report_id"]: r for r in queries.reports(["000", "002", "004"]).to_dict("records")}
    assert fmt.publisher(rows["002"], "zh") == "三明日报（推断）"
    assert fmt.publisher(rows["002"], "en") == "Sanming Daily (inferred)"
    assert fmt.published(rows["002"], "zh") == "2017年10月（推断）"
    assert fmt.published(rows["002"], "en") == "Oct 2017 (inferred)"
    assert fmt.published(rows["000"], "zh") == "2023年3月21日"          # confirmed: no mark
    assert fmt.published(rows["004"], "zh", long=True) == "日期未注明"  # unknown stays unknown
    assert "（推断）" in fmt.source_line(rows["002"], "zh")


def test_tile_map_has_every_province_and_greys_those_without_figures():
    from dashboard.charts.tilemap import TILES

    (spec,) = chart_specs.tile_charts(Filters())
    tr = spec.figure.data[0]
    assert len(tr.text) == len(TILES) == 34
    counts = queries.province_tiles(Filters()).set_index("province_code")["n_figures"]
    shandong = next(i for i, x in enumerate(tr.text) if x.startswith("<b>山东</b>"))
    assert tr.text[shandong].endswith(f"<br>{int(counts['370000'])}") and tr.customdata[shandong]
    taiwan = next(i for i, x in enumerate(tr.text) if x == "台湾")            # grey, unnumbered: no data
    assert spec.figure.layout.shapes[taiwan].fillcolor == "#EEEEEE" and not tr.customdata[taiwan]
    assert "灰色为无数据" in all_text(spec.figure) and "无数据" in tr.hovertext[taiwan]
    # the squares are shapes in data units (a fixed-pixel marker overlapped its neighbours on narrow screens)
    widths = {round(sh.x1 - sh.x0, 2) for sh in spec.figure.layout.shapes}
    assert widths == {0.92} and len(spec.figure.layout.shapes) == 34
    en = chart_specs.tile_charts(Filters(lang="en"))[0].figure.data[0]
    assert "<b>SD</b>" in en.text[shandong] and "Shandong" in en.hovertext[shandong]
    assert "非地图" in all_text(spec.figure)          # a schematic: it says so, and draws no boundary


def test_map_labels_do_not_collide():
    """The point map's labels overlapped where cities sit close (issue #11): each label takes a free position
    around its bubble, and where none is free it is left out (the footnote says so; the hover still shows it)."""
    from dashboard.charts.map import place_labels

    china = ((73.0, 136.0), (17.0, 54.5))
    cluster = [(114.0 + 0.05 * i, 30.5, 20) for i in range(12)]
    got = place_labels(cluster, ["某市<br><b>12</b>"] * 12, *china)
    kept = [p for p in got if p]
    assert len(set(kept)) == len(kept) and got[0] == "top center" and None in got
    far = place_labels([(90.0, 40.0, 30), (120.0, 25.0, 30)], ["甲市<br><b>1</b>", "乙市<br><b>2</b>"], *china)
    assert far == ["top center", "top center"]


def test_point_map_leaves_out_colliding_labels_and_says_so():
    import pandas as pd

    from dashboard.charts.map import map_chart

    rows = [{"region_code": f"99{i:04d}", "region_zh": f"测试{i}市", "region_en": f"Test {i}", "lng": 114 + 0.02 * i,
             "lat": 30.5, "value": 10 + i, "qualifier": "exact", "unit": "个", "indicator_zh": "测试指标",
             "region_level": "prefecture", "fact_ids": [f"t-{i}"]} for i in range(10)]
    fig = map_chart(pd.DataFrame(rows), "zh")
    trace = fig.data[-1]
    shown = [x for x in trace.text if x]
    assert 0 < len(shown) < 10 and isinstance(trace.textposition, tuple | list)
    assert "未标注名称和数值" in all_text(fig)


def test_big_screen_labels_beside_bars_read_on_the_dark_panel():
    """Bar labels outside their bars were drawn in the page's dark ink on the dark big-screen panel."""
    import pandas as pd

    from dashboard.charts.bigscreen import THEMES, big_screen
    from dashboard.charts.concept import concept_chart

    rows = [{"fact_id": f"x-{i}", "region_code": str(i), "region_zh": name, "region_en": name, "value": v,
             "qualifier": "exact", "unit": "个", "ref_year": 2023, "subject_kind": "region", "report_id": "900",
             "concept_zh": "某数", "indicator_zh": "某数"} for i, (name, v) in enumerate((("甲市", 100), ("乙市", 5)))]
    fig = concept_chart(pd.DataFrame(rows), "zh")
    dark = big_screen(fig, "dark").data[0]
    assert dark.outsidetextfont.color == THEMES["dark"]["ink"] and set(dark.insidetextfont.color) == {"#FFFFFF"}
    assert fig.data[0].outsidetextfont.color != THEMES["dark"]["ink"]      # the page's own figure is untouched


def test_coverage_charts_keep_kinds_of_rate_apart_and_say_each_year():
    """#22 item 6: construction progress and shares of what is missing sat on one axis with Party coverage,
    and one city's rate appeared twice with nothing to tell which is newer."""
    specs = chart_specs.charts_for_view("coverage", Filters())
    keys = [s.key for s in specs]
    assert keys[0] == "coverage-rates" and len(keys) == len(set(keys)) >= 2
    df = queries.coverage(Filters())
    for spec in specs:
        part = df[[chart_specs.coverage_group(r) == spec.key for r in df.to_dict("records")]]
        assert len(part) and set(part["concept_kind"].fillna("-")) <= {"coverage-rates": {"coverage"},
                                                                      "coverage-shares": {"share"}}.get(spec.key, {"-"})
    # the same rate of the same place twice: each row its year, the newest marked
    row = df[df["concept_kind"] == "coverage"].iloc[[0]]
    older = row.assign(ref_year=2019, rate=40.0, reported_rate=40.0, rate_fact_id="x-older")
    newer = row.assign(ref_year=2023, rate=60.0, reported_rate=60.0, rate_fact_id="x-newer")
    fig = charts.coverage_chart(pd.concat([older, newer], ignore_index=True), "zh")
    labels = list(fig.layout.yaxis.categoryarray)
    assert any("2023年 · 最新" in y for y in labels) and any("2019年" in y and "最新" not in y for y in labels)
    en = charts.coverage_chart(pd.concat([older, newer], ignore_index=True), "en")
    assert any("2023 · newest" in y for y in en.layout.yaxis.categoryarray)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_bar_label_reads_on_its_fill(lang):
    """#22 item 4: an approximate (约) bar was pale and hatched with a white label (contrast 2:1); every label
    inside a bar now has WCAG AA contrast (4.5:1) on its fill, in the concept and ranking charts."""
    from dashboard.charts.style import contrast

    df = queries.concept_ranking(Filters(), "party_member_count", "government_organs")
    assert df["qualifier"].map(fmt.is_approximate).any() and not df["qualifier"].map(fmt.is_approximate).all()
    figs = [charts.concept_chart(df, lang)]
    ranking = df.assign(rank=range(1, len(df) + 1))
    figs.append(charts.ranking_chart(ranking, lang))
    for fig in figs:
        bars = [tr for tr in fig.data if tr.type == "bar"]
        assert bars
        for tr in bars:
            fills = list(tr.marker.color)
            inside = tr.insidetextfont.color
            inside = list(inside) if isinstance(inside, (list, tuple)) else [inside] * len(fills)
            for fill, colour in zip(fills, inside, strict=True):
                assert contrast(colour, fill) >= 4.5, (fill, colour)


def test_a_label_that_does_not_fit_its_bar_is_put_after_it():
    """#22 item 3: Plotly's "auto" left "17 · 未注明" inside a short bar, running left under the axis."""
    from dashboard.charts.style import NARROWEST_PLOT_PX, bar_labels, text_px

    values, texts = [763, 197, 17], ["763 · 未注明", "197 · 未注明", "17 · 未注明"]
    assert bar_labels(values, texts, 763 * 1.22) == (texts, ["inside", "outside", "outside"])
    assert text_px("17 · 未注明") < NARROWEST_PLOT_PX / 2
    # a label too long for either place, with nowhere to break, stays inside its bar (never past the right edge)
    assert bar_labels([100], ["x" * 60], 100 * 1.2) == (["x" * 60], ["inside"])
    # every chart builder that labels bars decides this way, not with "auto"
    fig = charts.ranking_chart(pd.DataFrame([{"region_code": str(i), "region_zh": "甲乙丙"[i], "region_en": "ABC"[i],
                                              "value": v, "unit": "个", "qualifier": "exact", "indicator_zh": "某指标"}
                                             for i, v in enumerate(values)]), "zh")
    assert list(fig.data[0].textposition) == ["inside", "outside", "outside"]


def test_a_long_label_that_fits_neither_in_nor_after_its_bar_breaks_into_lines():
    """A short approximate bar's "7700+ · 2017年（推断）" was put inside (it did not fit after the bar on a phone
    either) and ran left over the axis labels at 1024 px. It breaks at its " · " and stands after the bar."""
    from dashboard.charts.style import NARROWEST_PLOT_PX, bar_labels, text_px

    label = "7700+ · 2017年（推断）"
    assert text_px(label) + 16 > NARROWEST_PLOT_PX - 7700 / (35000 * 1.3) * NARROWEST_PLOT_PX   # not after on one line
    shown, where = bar_labels([35000, 17782, 7700], ["3.5万+ · 未注明", "17782 · 2011年", label], 35000 * 1.3)
    assert where[0] == "inside" and where[2] == "outside"
    assert shown[2] == "7700+<br>2017年（推断）" and shown[0] == "3.5万+ · 未注明"   # one that fits keeps one line
    fig = charts.concept_chart(pd.DataFrame([
        {"region_code": c, "region_zh": z, "region_en": z, "value": v, "unit": "人", "qualifier": q,
         "concept_zh": "党员数", "concept_en": "Party members", "subject_kind": "government_organs",
         "ref_year": y, "ref_date_basis": "inferred" if inf else "stated", "fact_id": i, "report_id": "r", "indicator_zh": "党员数"}
        for i, (c, z, v, q, y, inf) in enumerate([("1", "甲市", 35000, "more_than", None, False),
                                                  ("2", "乙市", 17782, "exact", 2011, False),
                                                  ("3", "丙市", 7700, "more_than", 2017, True)])]), "zh")
    assert list(fig.data[0].textposition)[2] == "outside" and "<br>" in fig.data[0].text[2]
    assert "7700+ · 2017年（推断）" in fig.data[0].hovertext[2]       # the hover keeps it on one line



def test_the_big_screen_states_its_sources_in_type_read_across_a_room():
    """#22 item 14: the big screen's source footnote was the page's, 12–13 px at 1920 wide, up to four reports.
    It says the first report and how many more, with the chart's notes, at 18 px; a long title fits its width."""
    from dashboard.charts.bigscreen import FOOTNOTE_PX, big_screen
    from dashboard.charts.concept import concept_chart

    rows = [{"fact_id": f"x-{i}", "region_code": str(i), "region_zh": n, "region_en": n, "value": v,
             "qualifier": "exact", "unit": "个", "ref_year": 2020 + i, "subject_kind": "region",
             "report_id": f"90{i}", "concept_zh": "某数", "concept_en": "A count " * 12, "indicator_zh": "某数"}
            for i, (n, v) in enumerate((("甲市", 100), ("乙市", 50), ("丙市", 20), ("丁市", 10), ("戊市", 5)))]
    sources = pd.DataFrame([{"report_id": f"90{i}", "title": f"报告{i}", "publisher": "某局", "published": None}
                            for i in range(5)])
    fig = concept_chart(pd.DataFrame(rows), "zh", sources=sources)
    page_note = next(a for a in fig.layout.annotations if a.text.startswith("来源"))
    assert page_note.font.size < 14 and "另有 2 份报告" in page_note.text          # the page: four lines
    big = big_screen(fig, "dark", height=540, lang="zh")
    note = next(a for a in big.layout.annotations if a.text.startswith("来源"))
    lines = note.text.split("<br>")
    assert note.font.size == FOOTNOTE_PX and lines[0] == page_note.text.split("<br>")[0]
    assert "另有 4 份报告" in lines[1] and any("年份不同" in x for x in lines[2:])     # the notes stay
    assert fig.layout.annotations[0].font.size == page_note.font.size                  # the page's is untouched
    en = big_screen(concept_chart(pd.DataFrame(rows), "en", sources=sources), "light", height=490, lang="en",
                    width=1060)
    from dashboard.charts.style import text_px
    longest = max(text_px(x.replace("<b>", "").replace("</b>", ""), en.layout.title.font.size)
                  for x in en.layout.title.text.split("<br>"))
    assert longest <= 1060 - 40, (en.layout.title.text, en.layout.title.font.size)
