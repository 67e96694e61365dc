"""Hostile CSV files (issue #13, items 1 and 10): an unclosed quote that would swallow rows, and encodings that
were misnamed (UTF-16 without a byte-order mark, UTF-32) or refused (Big5, a real encoding of Traditional
reports). Each ends in a problem that says what it is, or in the same figures as the UTF-8 file."""

from __future__ import annotations

from intake_support import ZH_HEADER, add, csv_bytes, sha, synthetic_rows

from core.text import to_traditional


def _codes(result) -> list[tuple[int | None, str]]:
    return [(p.row, p.code) for plan in result.plans for p in plan.problems]


def test_an_unclosed_quote_is_named_at_its_row_instead_of_swallowing_the_rows_after_it(env):
    data, wh = env
    rows = synthetic_rows(2)[:3]
    lines = [",".join(ZH_HEADER)]
    for i, r in enumerate(rows):
        r = list(r)
        if i == 0:
            r[13] = '"合成 备注'                       # opened, never closed
        lines.append(",".join(r))
    before = sha(wh)
    result = add(env, ("quote.csv", ("\r\n".join(lines) + "\r\n").encode("utf-8")))
    assert result.verdict == "rejected"
    assert (2, "msg_unclosed_quote") in _codes(result)
    assert sha(wh) == before


def test_utf16_without_a_mark_and_utf32_are_named_not_called_binary(env):
    text = csv_bytes(synthetic_rows(1), encoding="utf-8").decode("utf-8")
    for body, code in ((text.encode("utf-16-le"), "msg_the_file_is_utf_16_encoded_excels"),
                       (text.encode("utf-16-be"), "msg_the_file_is_utf_16_encoded_excels"),
                       (text.encode("utf-32"), "msg_the_file_is_utf_32"),
                       (text.encode("utf-32-le"), "msg_the_file_is_utf_32")):
        result = add(env, ("wide.csv", body), dry_run=True)
        assert result.verdict == "rejected"
        assert [c for _, c in _codes(result)] == [code], (body[:8], _codes(result))
    binary = add(env, ("blob.csv", bytes(range(256)) * 4), dry_run=True)
    assert [c for _, c in _codes(binary)] == ["msg_not_a_text_or_excel_file_binary"]


def test_a_big5_file_gives_the_same_figures_as_its_utf8_twin(env):
    rows = [[to_traditional(c) for c in r] for r in synthetic_rows()]
    header = [to_traditional(h) for h in ZH_HEADER]                     # 報告標題 … (read as 报告标题 …)
    utf8 = add(env, ("t.csv", csv_bytes(rows, header, encoding="utf-8")), dry_run=True)
    big5 = add(env, ("t5.csv", csv_bytes(rows, header, encoding="big5")), dry_run=True)
    assert utf8.verdict == "load", _codes(utf8)
    assert big5.verdict == "load", _codes(big5)
    facts = lambda r: sorted((e.fact["region_code"], e.fact["indicator_key"], e.fact["value"])  # noqa: E731
                             for e in r.plans[0].entries)
    assert facts(big5) == facts(utf8) and len(facts(big5)) == 8


def _xlsx(sheets: list[tuple[str, list[list[str]], str]], hidden_rows=()) -> bytes:
    import io

    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    for title, rows, state in sheets:
        ws = wb.create_sheet(title)
        ws.sheet_state = state
        ws.append(ZH_HEADER)
        for r in rows:
            ws.append(r)
        for n in hidden_rows:
            ws.row_dimensions[n].hidden = True
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def test_the_visible_sheet_is_read_not_a_hidden_one_and_hidden_rows_are_not_loaded_unseen(env):
    shown, secret = synthetic_rows(1), synthetic_rows(3, seed=9)[2:]     # 连云港市 shown; 徐州市, 宿迁市 hidden
    body = _xlsx([("隐藏", secret, "hidden"), ("可见", shown, "visible")])
    result = add(env, ("sheets.xlsx", body), dry_run=True)
    assert result.verdict == "load", _codes(result)
    regions = {e.fact["region_code"] for e in result.plans[0].entries}
    assert regions == {"320700"} and len(result.plans[0].entries) == 2   # the visible sheet's one city, two figures
    body = _xlsx([("数据", synthetic_rows(2), "visible")], hidden_rows=(3,))
    hidden = add(env, ("rows.xlsx", body), dry_run=True)
    assert hidden.verdict == "confirm"                                  # a warning to confirm, not a silent load
    assert [(p.row, p.code) for p in hidden.plans[0].warnings] == [(3, "msg_hidden_rows")]
    confirmed = add(env, ("rows.xlsx", body), dry_run=True, confirm_warnings=True)
    assert confirmed.verdict == "load" and 3 in {e.row for e in confirmed.plans[0].entries}


def _wide_xlsx(header: list[str], rows: list[list[str]]) -> bytes:
    import io

    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "数据"
    for r in (header, *rows):
        ws.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def test_a_header_of_thousands_of_columns_is_refused_at_once_naming_the_file_and_the_count(env):
    """Issue #22, item 15: 20,000 unknown header columns were matched one by one, and each problem was looked up in
    a list of all of them (minutes of CPU). The file is refused as too wide, with one problem that names it."""
    data, wh = env
    extra = [f"合成列{i}" for i in range(20_000)]
    body = csv_bytes([r + [""] * len(extra) for r in synthetic_rows(1)], ZH_HEADER + extra, encoding="utf-8")
    before = sha(wh)
    result = add(env, ("wide.csv", body))
    assert result.verdict == "rejected"
    assert _codes(result) == [(1, "msg_too_many_columns")]
    problem = result.plans[0].problems[0]
    assert "wide.csv" in problem.message_zh and "20,014" in problem.message_zh and "200" in problem.message_en
    assert problem.hint_zh and problem.hint_en
    assert sha(wh) == before
    xfd = ZH_HEADER + [f"合成列{i}" for i in range(16_384 - len(ZH_HEADER))]          # every column Excel has
    book = add(env, ("wide.xlsx", _wide_xlsx(xfd, [synthetic_rows(1)[0]])), dry_run=True)
    assert _codes(book) == [(1, "msg_too_many_columns")] and "16,384" in book.plans[0].problems[0].message_en


def test_a_header_at_the_column_limit_is_still_read_column_by_column(env):
    from etl.template.read import MAX_COLUMNS

    extra = [f"合成列{i}" for i in range(MAX_COLUMNS - len(ZH_HEADER))]
    body = csv_bytes([r + [""] * len(extra) for r in synthetic_rows(1)], ZH_HEADER + extra, encoding="utf-8")
    result = add(env, ("limit.csv", body), dry_run=True)
    assert result.verdict == "rejected"
    assert {c for _, c in _codes(result)} == {"msg_unknown_column"} and len(_codes(result)) == len(extra)


def test_a_hidden_sheet_named_data_is_not_read_and_the_sheet_read_is_named(env):
    """Issue #22, item 16: the hidden sheet 数据 (1 and 2) was read over the visible one (120 and 150), exit 0, no
    word. Only a visible sheet is read; the warning names the hidden sheet and the one read instead."""
    data, wh = env
    shown = [r[:8] + [v] + r[9:] for r, v in zip(synthetic_rows(1), ("150", "120"), strict=True)]
    secret = [r[:8] + [v] + r[9:] for r, v in zip(synthetic_rows(1), ("2", "1"), strict=True)]
    body = _xlsx([("汇总", shown, "visible"), ("数据", secret, "hidden")])
    before = sha(wh)
    held = add(env, ("hidden_data.xlsx", body))
    assert held.verdict == "confirm" and sha(wh) == before            # held until the analyst has read the word
    [warning] = held.plans[0].warnings
    assert warning.code == "msg_hidden_data_sheet"
    assert "数据" in warning.message_zh and "汇总" in warning.message_zh and "hidden" in warning.message_en
    assert sorted(e.fact["value"] for e in held.plans[0].entries) == [120, 150]
    loaded = add(env, ("hidden_data.xlsx", body), confirm_warnings=True)
    assert loaded.verdict == "load"
    assert sorted(e.fact["value"] for e in loaded.plans[0].entries) == [120, 150]
    every = add(env, ("all_hidden.xlsx", _all_hidden(_xlsx([("数据", secret, "hidden"), ("其他", shown, "visible")]))),
                dry_run=True)
    assert every.verdict == "rejected" and [c for _, c in _codes(every)] == ["msg_no_visible_sheet"]


def _all_hidden(body: bytes) -> bytes:
    """The workbook with every sheet hidden (Excel will not save that; a crafted file can hold it)."""
    import io
    import zipfile

    src, out = zipfile.ZipFile(io.BytesIO(body)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            part = src.read(info.filename)
            if info.filename == "xl/workbook.xml":
                part = part.replace(b'state="visible" r:id', b'state="veryHidden" r:id')
            dst.writestr(info.filename, part)
    return out.getvalue()
