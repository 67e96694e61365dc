"""The Review page's grid in the user's language: the draft's rows (keys: ``subject_kind = region``, a concept
key, a region code) shown as words (全域, 物业服务企业党组织数, 浙江省 金华市), and the edited words read back
into keys. Pure functions of DataFrames, tested without Streamlit."""

from __future__ import annotations

import re

import pandas as pd

from core import subjects
from core.labels import t
from core.regions import RegionIndex

QUALIFIERS = ("exact", "more_than", "at_least", "approx", "range")
COLUMNS = ["accept", "text", "value", "unit", "qualifier", "concept", "new_indicator", "subject_kind", "organization",
           "region", "period", "confidence"]


def concept_label(key: str, concepts: dict, lg: str) -> str:
    if not key:
        return t("rev_no_concept", lg)
    r = concepts.get(key)
    return (r["name_en"] if lg == "en" else r["name_zh"]) if r else key


def concept_options(concepts: dict, lg: str) -> list[str]:
    return [t("rev_no_concept", lg)] + sorted(concept_label(k, concepts, lg) for k in concepts)


def region_label(index: RegionIndex, code: str | None) -> str:
    names, row = [], index.get(code) if code else None
    while row:
        names.append(row["name_zh"])
        row = index.get(row.get("parent_code") or "")
    return " ".join(reversed(names))


def to_display(rows: pd.DataFrame, concepts: dict, index: RegionIndex, lg: str) -> pd.DataFrame:
    """The rows as the grid shows them (words, not keys)."""
    out = pd.DataFrame({
        "accept": rows["accept"].astype(bool), "text": rows["text"], "value": rows["value"].astype(str),
        "unit": rows["unit"], "qualifier": [t(f"q_{q}", lg) if q in QUALIFIERS else q for q in rows["qualifier"]],
        "concept": [concept_label(c, concepts, lg) for c in rows["concept"]],
        "new_indicator": rows["new_indicator"].fillna(""),
        "subject_kind": [t(subjects.LABEL_KEY[k], lg) if k in subjects.KINDS else "" for k in rows["subject_kind"]],
        "organization": rows["organization"].fillna(""),
        "region": [region_label(index, c) for c in rows["region_code"]],
        "period": rows["period"].fillna(""), "confidence": (rows["confidence"].astype(float) * 100).round(),
    }, index=rows.index)
    return out[COLUMNS]


def from_display(shown: pd.DataFrame, rows: pd.DataFrame, concepts: dict, index: RegionIndex,
                 lg: str) -> pd.DataFrame:
    """The edited grid read back into the draft's rows; a region typed by name is resolved (unresolvable:
    kept as it was)."""
    by_label = {concept_label(k, concepts, lg): k for k in concepts}
    kinds = {t(subjects.LABEL_KEY[k], lg): k for k in subjects.KINDS}
    quals = {t(f"q_{q}", lg): q for q in QUALIFIERS}
    out = rows.copy()
    for i, r in shown.iterrows():
        out.at[i, "accept"] = bool(r["accept"])
        out.at[i, "value"] = str(r["value"])
        out.at[i, "unit"] = r["unit"] or ""
        out.at[i, "qualifier"] = quals.get(r["qualifier"], r["qualifier"])
        concept = by_label.get(r["concept"], "")
        if concept != out.at[i, "concept"]:
            out.at[i, "concept"], out.at[i, "indicator"] = concept, ""
        out.at[i, "new_indicator"] = (r["new_indicator"] or "").strip()
        out.at[i, "subject_kind"] = kinds.get(r["subject_kind"], out.at[i, "subject_kind"])
        out.at[i, "organization"] = (r["organization"] or "").strip()
        if r["region"] != region_label(index, rows.at[i, "region_code"]):
            code = index.resolve(str(r["region"]).replace(" ", ""))
            if code:
                out.at[i, "region_code"] = code
        out.at[i, "period"] = (r["period"] or "").strip()
    return out


def whole_report(rows: pd.DataFrame, kind: str | None, organization: str | None, region: str | None,
                 period: str | None) -> pd.DataFrame:
    """One value set for every figure of the report at once (what is given; None leaves a field alone)."""
    out = rows.copy()
    if kind:
        out["subject_kind"] = kind
        if kind == subjects.REGION:
            out["organization"] = ""
    if organization is not None and organization.strip():
        out["organization"] = organization.strip()
    if region:
        out["region_code"] = region
    if period is not None and period.strip():
        out["period"] = period.strip()
    return out


# the extractor gives its reasons in a small English vocabulary (the CLI's JSONL keeps them so); the page says
# them in the user's language. (pattern, zh, en) — groups are quoted words of the report, kept as they are.
_REASONS = [
    (r"^(.*), no publication date$", "{0}，报告未注明发布日期", "{0}; no publication date"),
    (r"^原标题 line$", "原文「原标题」行", "the page's 原标题 line"),
    (r"^headline \(line (\d+)\)$", "标题行（第 {0} 行）", "the headline (line {0})"),
    (r"^no headline line in the opening$", "开头没有标题行", "no headline in the opening"),
    (r"^来源 line overwritten by spam \((.*)\)$", "来源行被垃圾文字覆盖（{0}），不采用", "the 来源 line is spam ({0}): not used"),
    (r"^来源 line$", "原文「来源」行", "the page's 来源 line"),
    (r"^newspaper named in the dateline$", "电头所署报刊", "the newspaper in the dateline"),
    (r"^no 来源 line or newspaper dateline$", "原文未注明来源", "the text names no source"),
    (r"^dateline$", "原文电头日期", "the dateline"),
    (r"^date field$", "原文日期栏", "the page's date field"),
    (r"^no dateline$", "原文未注明日期", "the text gives no date"),
    (r"^given by the analyst$", "分析员填写", "given by the analyst"),
    (r"^title names (.*)$", "标题写明 {0}", "the title names {0}"),
    (r"^publisher (.*)$", "发布单位 {0}", "the publisher {0}"),
    (r"^the text names no place$", "原文未写明地区", "the text names no place"),
    (r"^the opening names (「[^」]*」) \(and says (「[^」]*」)\)$", "开头多次提到 {0}（并称 {1}）", "the opening names {0} (and says {1})"),
    (r"^the opening names (.*)$", "开头多次提到 {0}", "the opening names {0}"),
    (r"^phrase: (.*)$", "本句：{0}", "its phrase: {0}"),
    (r"^previous phrase: (.*)$", "前一分句：{0}", "the phrase before: {0}"),
    (r"^sentence: (.*)$", "同一句：{0}", "its sentence: {0}"),
    (r"^sentence before: (.*)$", "上一句：{0}", "the sentence before: {0}"),
    (r"^weak: (.*)$", "线索不足（{0}）", "weak ({0})"),
    (r"^no cue of any concept in the words around the figure$", "前后文字没有任何概念的线索", "no concept's cue near it"),
    (r"^of no concept: (.*)$", "不属于可比概念：{0}", "of no concept: {0}"),
    (r"^catalogue name \((.*)\)$", "与目录指标名相近（{0}）", "close to a catalogue name ({0})"),
    (r"^part of (.*), which counts the same$", "是 {0} 的一部分，统计的相同", "part of {0}, counting the same"),
    (r"^the rate of (\S+) \((.*)\)$", "是 {0} 的比率", "the rate of {0}"),
    (r"^clause names (.*)$", "本句写明 {0}", "its sentence names {0}"),
    (r"^clause says (.*)$", "本句称 {0}", "its sentence says {0}"),
    (r"^neither the clause nor the report names a place$", "本句和报告都未写明地区", "no place in its sentence or the report"),
    (r"^publication date (.*)$", "发布日期 {0}", "the publication date {0}"),
    (r"^earlier in the text: (.*)$", "前文所述 {0}（推断）", "stated earlier: {0} (inferred)"),
    (r"^no date near the figure and no publication date$", "附近没有日期，报告也未注明发布日期", "no date near it and no publication date"),
]
_REASON_RE = [(re.compile(p), zh, en) for p, zh, en in _REASONS]


def say(reason: str | None, lg: str) -> str:
    """An extractor's reason in the user's language (unknown forms as they are)."""
    text = (reason or "").strip()
    for rx, zh, en in _REASON_RE:
        m = rx.match(text)
        if m:
            return (en if lg == "en" else zh).format(*(say(g, lg) for g in m.groups()))
    return text
