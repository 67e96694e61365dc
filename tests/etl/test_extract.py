"""Extraction (issue #10): every format made in code, spans checked against the text; the exclusion rules;
the CLI's formats; the reviewable CSV loads through the intake with its source registered."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from core.text import to_traditional
from etl.cli import main
from etl.extract.documents import DocumentError, read_document
from etl.extract.figures import extract

TEXT = ("至2023年9月，某区登记在册的物业公司252家，行业内党员223人，其中18家公司组建了党支部，"
        "党的组织覆盖率达90%以上。")   # synthetic, in our own words


def _check_spans(text: str) -> dict:
    figures = extract(text)
    for c in figures:
        assert text[c.char_start:c.char_end] == c.text
    return {(c.value, c.unit, c.qualifier): c.text for c in figures}


def _expect(found: dict):
    assert found[(252.0, "家", "exact")] == "252家"
    assert found[(223.0, "人", "exact")] == "223人"
    assert found[(18.0, "家", "exact")] == "18家"
    assert found[(90.0, "%", "more_than")] == "90%"        # 以上 read, left outside the span
    assert not any(v == 2023.0 or v == 9.0 for v, _, _ in found)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "big5"])
def test_txt_in_every_common_encoding(encoding):
    source = TEXT if encoding != "big5" else to_traditional(TEXT)     # Big5 carries Traditional text
    doc = read_document(source.encode(encoding), "r.txt")
    assert doc.text == source
    _expect(_check_spans(doc.text))


def test_html_keeps_the_article_and_drops_the_chrome():
    page = ("<html><head><meta charset='gbk'><title>新都区物业行业党建</title><script>var n = 12345;</script>"
            "</head><body><div class='nav'>首页 > 要闻 > 共有99个栏目的导航与链接</div><div id='main'><h1>新都区"
            f"物业行业党建</h1><p>{TEXT}</p></div><div class='footer'>版权所有 举报电话 88712345 共有很多个链接"
            "</div></body></html>")
    doc = read_document(page.encode("gbk"), "page.html")
    assert "导航" not in doc.text and "版权" not in doc.text and "12345" not in doc.text
    _expect(_check_spans(doc.text))


def test_docx_paragraphs_and_tables():
    import docx

    d = docx.Document()
    d.add_heading("新都区物业行业党建", level=1)
    d.add_paragraph(TEXT)
    table = d.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text, table.rows[0].cells[1].text = "红色工地", "38个"
    buf = io.BytesIO()
    d.save(buf)
    doc = read_document(buf.getvalue(), "r.docx")
    found = _check_spans(doc.text)
    _expect(found)
    assert found[(38.0, "个", "exact")] == "38个"


def test_pdf_with_a_text_layer(tmp_path):
    chromium = Path("/usr/bin/chromium")
    if not chromium.exists():
        pytest.skip("no Chromium to print a PDF with")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(chromium), args=["--headless", "--no-sandbox",
                                                                           "--disable-gpu"])
        page = browser.new_page()
        page.set_content(f"<html><body style='font-family:\"Noto Sans CJK SC\"'><p>{TEXT}</p></body></html>")
        pdf = page.pdf(format="A4")
        browser.close()
    doc = read_document(pdf, "r.pdf")
    _expect(_check_spans(doc.text))


def test_a_pdf_without_text_is_refused_clearly():
    from pypdf import PdfWriter

    w = PdfWriter()
    w.add_blank_page(width=200, height=200)
    buf = io.BytesIO()
    w.write(buf)
    with pytest.raises(DocumentError, match="text layer"):
        read_document(buf.getvalue(), "scan.pdf")


@pytest.mark.parametrize(("text", "reason"), [
    ("6月28日，5个物业公司党支部揭牌。", "date"),
    ("2019年前只有12个物业企业建起了党组织。", "year"),
    ("第一批11名同志到达。", "ordinal"),
    ("一是全面动员站一线。", "ordinal"),
    ("浙公网安备 33100302000015号", "document number"),
    ("举报电话：88712345", "phone or id number"),
    ("查看: 4011|回复: 0", "page or view count"),
    ("打造“三位一体”体系。", "slogan numeral"),
    ("正式党员人数超3人(含3人)的项目建立临时党支部。", "threshold"),
    ("包含12幢25-27层高层住宅楼。", "attribute of the figure before it"),
    ("党员725名，占63.9%；有13", "cut off at the end of the text"),
])
def test_numbers_that_are_not_figures_are_left_out_with_the_reason(text, reason):
    found = extract(text, include_excluded=True)
    assert reason in [c.excluded for c in found], [(c.text, c.excluded) for c in found]


def test_traditional_pinyin_and_full_width_keep_exact_offsets():
    text = "全市７０７個(gè)物業(yè)管理區域，共有物業企業１９７家。"
    found = extract(text)
    assert [(c.value, c.unit, text[c.char_start:c.char_end]) for c in found] == [
        (707.0, "个", "７０７個"), (197.0, "家", "１９７家")]


def test_a_figure_repeated_in_headline_and_body_is_one():
    text = "城区206家物业服务企业实现党组织全覆盖。\n据悉，城区有206家物业服务企业。"
    assert [c.value for c in extract(text)] == [206.0]


def test_chinese_numerals_and_qualifiers():
    text = "共有十二支先锋队，一万余人参与，近两年建成38个红色工地，超过90%的小区。"
    got = {(c.value, c.unit, c.qualifier) for c in extract(text)}
    assert {(12.0, "支", "exact"), (10000.0, "人", "more_than"), (38.0, "个", "exact")} <= got
    assert not any(unit == "年" for _, unit, _ in got)        # 近两年: a span of time, not a figure (#20)


def test_cli_jsonl_all_and_the_review_csv_loads(tmp_path, env, sources, capsys):
    data, wh = env
    report = tmp_path / "report.txt"
    report.write_bytes(TEXT.encode("gb18030"))
    assert main(["extract", str(report), "--format", "jsonl", "--all", "--data", str(data)]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert {"file", "char_start", "char_end", "value", "unit", "qualifier", "indicator", "concept",
            "region_code", "subject", "period", "confidence", "links", "excluded"} <= set(rows[0])
    assert any(r["excluded"] == "date" for r in rows)
    stored = list((data / "sources").glob("*.txt"))
    assert len(stored) == 1 and stored[0].read_text(encoding="utf-8") == TEXT    # the text, kept by sha256
    review = tmp_path / "review.csv"
    assert main(["extract", str(report), "--format", "csv", "--out", str(review), "--data", str(data),
                 "--title", "新都区物业行业党建（测试）", "--province", "四川省", "--city", "成都市", "--district", "新都区",
                 "--published-on", "2023-10-25", "--published-status", "confirmed"]) == 0
    # the analyst's review: keep two rows, name their indicators from the catalogue
    lines = review.read_text(encoding="utf-8-sig").splitlines()
    header = lines[0].split(",")
    keep = []
    for line in lines[1:]:
        cells = line.split(",")
        value = cells[header.index("value")]
        if value in ("223", "18"):
            cells[header.index("indicator")] = "在职党员数" if value == "223" else "物业企业党组织数"
            keep.append(",".join(cells))
    assert len(keep) == 2
    review.write_text("\n".join([lines[0], *keep]) + "\n", encoding="utf-8")
    assert main(["add", str(review), "--data", str(data), "--warehouse", str(wh)]) == 0, capsys.readouterr().err
    from etl.verify import verify

    checked, bad = verify(wh, [data / "sources", *sources])
    assert bad == [], [m.format() for m in bad]                     # the reviewed figures are verified
    loaded = [m for m in checked_facts(wh) if m[1] is not None]
    assert {(v, s) for v, s in loaded} >= {(223.0, stored[0].stem), (18.0, stored[0].stem)}


def checked_facts(wh):
    import duckdb

    con = duckdb.connect(str(wh), read_only=True)
    try:
        return con.execute("SELECT f.value, r.sha256 FROM fact f JOIN dim_report r USING (report_id) "
                           "WHERE r.title_zh LIKE '%测试%'").fetchall()
    finally:
        con.close()
