"""Figures that load cleanly but are probably wrong are held until confirmed (issue #13): an implausible value
(item 7), a slip in an indicator's name that would make a new indicator (item 8), and the same figures under
a nearly identical report title (item 9). Each failed before: the file loaded without a word."""

from __future__ import annotations

from intake_support import ZH_HEADER, add, csv_bytes, sha, synthetic_rows


def _codes(result, attr="warnings") -> list[tuple[int | None, str]]:
    return [(p.row, p.code) for plan in result.plans for p in getattr(plan, attr)]


def _row(title: str, city: str, indicator: str, value: str) -> list[str]:
    return [title, "合成发布单位", "2024-05-01", "江苏省", city, "", "", indicator, value, "个", "", "2023", "",
            "合成 synthetic"]


def test_an_implausible_count_waits_for_confirmation(env):
    data, wh = env
    before = sha(wh)
    body = csv_bytes([_row("合成核对报告", "徐州市", "物业管理区域数", "3000000000")])    # 30亿个
    held = add(env, ("big.csv", body))
    assert held.verdict == "confirm" and held.exit_code == 3 and not held.loaded
    assert _codes(held) == [(2, "msg_implausible_for_unit")]
    assert sha(wh) == before
    assert add(env, ("big.csv", body), confirm_warnings=True).loaded


def test_a_value_a_thousand_times_the_indicators_largest_waits(env):
    assert add(env, ("base.csv", csv_bytes(synthetic_rows(4)))).loaded        # 物业管理区域数: 107 … 128
    body = csv_bytes([_row("合成核对报告二", "徐州市", "物业管理区域数", "5000000")])
    held = add(env, ("far.csv", body), dry_run=True)
    assert held.verdict == "confirm" and _codes(held) == [(2, "msg_implausible_for_indicator")]
    fine = add(env, ("ok.csv", csv_bytes([_row("合成核对报告三", "徐州市", "物业管理区域数", "9000")])), dry_run=True)
    assert fine.verdict == "load" and _codes(fine) == []


def test_a_slip_in_an_indicator_name_is_not_made_a_new_indicator_unconfirmed(env):
    header = [*ZH_HEADER, "新指标类别"]
    body = csv_bytes([_row("合成笔误报告", "徐州市", "小区党组识数", "12") + ["组织覆盖"]], header)
    held = add(env, ("typo.csv", body), dry_run=True)
    assert held.verdict == "rejected"
    problem = held.plans[0].problems[0]
    assert (problem.row, problem.column, problem.code) == (2, "indicator", "msg_indicator_near_match")
    assert "小区党组织数" in problem.message_zh + problem.hint_zh
    confirmed = add(env, ("typo.csv", body), dry_run=True, new_indicators=True)
    assert confirmed.verdict == "load" and list(confirmed.plans[0].indicators)    # a new indicator, as confirmed
    unrelated = csv_bytes([_row("合成新指标报告", "徐州市", "合成志愿服务时长统计项", "12") + ["组织覆盖"]], header)
    assert add(env, ("new.csv", unrelated), dry_run=True).verdict == "load"        # no near name: as before


def test_the_same_figures_under_a_nearly_identical_title_wait(env):
    title = "某市合成物业行业党建工作总结报告"
    rows = [_row(title, "徐州市", "物业管理区域数", "321"), _row(title, "宿迁市", "物业管理区域数", "123")]
    assert add(env, ("first.csv", csv_bytes(rows))).loaded
    again = [[title[:-1] + "吿", *r[1:]] for r in rows]                             # one character differs
    held = add(env, ("again.csv", csv_bytes(again)), dry_run=True)
    assert held.verdict == "confirm"
    assert sorted(_codes(held)) == [(2, "msg_likely_duplicate_report"), (3, "msg_likely_duplicate_report")]
    other = [["另一份合成的区县年度统计公报", *r[1:]] for r in rows]                 # another report, same figures
    assert add(env, ("other.csv", csv_bytes(other)), dry_run=True).verdict == "load"


def _dated(period: str, published_on: str = "2024-05-01") -> bytes:
    rows = [[*r[:2], published_on, *r[3:11], period, *r[12:]] for r in synthetic_rows(1)]
    return csv_bytes(rows)


def test_a_period_after_today_is_refused_and_one_after_publication_waits(env):
    """Issue #22, item 17: period 2099 on a 2024 report loaded with reference year 2099 and no word."""
    data, wh = env
    before = sha(wh)
    future = add(env, ("future.csv", _dated("2099")), confirm_warnings=True)
    assert future.verdict == "rejected" and not future.loaded
    assert {(p.row, p.column, p.code) for p in future.plans[0].problems} == \
        {(2, "period", "msg_period_in_future"), (3, "period", "msg_period_in_future")}
    assert "2099" in future.plans[0].problems[0].format() and sha(wh) == before
    late = add(env, ("late.csv", _dated("2024年底")))                 # after 2024-05-01, before today
    assert late.verdict == "confirm" and not late.loaded
    assert _codes(late) == [(2, "msg_period_after_publication"), (3, "msg_period_after_publication")]
    assert "2024-12" in late.plans[0].warnings[0].message_zh and sha(wh) == before
    for period in ("2024", "2024年3月", "去年"):                        # within or before the publication: as before
        assert add(env, ("ok.csv", _dated(period)), dry_run=True).verdict == "load", period
    assert add(env, ("late.csv", _dated("2024年底")), confirm_warnings=True).loaded
