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
    header = ["report_title", "publisher", "published_on", "province", "city", "district", "organization",
              "indicator", "value", "unit", "qualifier", "period", "rate_percent", "note"]
    utf8 = add(env, ("t.csv", csv_bytes(rows, header, encoding="utf-8")), dry_run=True)
    big5 = add(env, ("t5.csv", csv_bytes(rows, header, encoding="big5")), dry_run=True)
    assert utf8.verdict == "load", _codes(utf8)
    assert big5.verdict == "load", _codes(big5)
    facts = lambda r: sorted((e.fact["region_code"], e.fact["indicator_key"], e.fact["value"])  # noqa: E731
                             for e in r.plans[0].entries)
    assert facts(big5) == facts(utf8) and len(facts(big5)) == 8
