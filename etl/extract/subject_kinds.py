"""Whose figure it is (``core.subjects``): a region as a whole, a sector within it, a government's own organs,
or one organisation — read from the governing words of the figure's sentence, nearest first.

- **government organs**: 市直机关, 省直机关, 县直单位, 直属机关, 机关党支部 … govern the figure;
- **sector**: an industry or system is the subject (物业行业, 物业服务行业, 住建系统, 两新组织);
- **organisation**: a named body is the subject (a company, a project, a bureau doing its own work, a
  community or subdistrict, one Party committee), or the report is one organisation's account of itself;
- **region**: 全市, 全省, 我区 or a bare place govern it, and by default.
The reason says which words decided.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from core import subjects
from etl.extract.windows import Window

_ORGANS = re.compile(r"((?:省|市|县|区|州|旗|盟)(?:直属|直)(?:机关|单位|部门)(?:各级)?(?:党组织|党支部|党委|工委)?|直属机关|"
                     r"机关(?:党组织|党支部|党委|党员|工委|单位|干部)|各机关|机关系统|(?:市|省|县|区)级机关)")
_SECTOR = re.compile(r"((?:全(?:市|省|区|县))?(?:物业(?:服务|管理)?行业|物业服务业|住建(?:系统|领域|行业)|建设系统|建筑(?:业|行业)|"
                     r"城管系统|两新组织|“两新”组织|非公(?:有制)?经济组织|行业系统))")
_WHOLE = re.compile(r"(全市|全省|全区|全县|全州|全旗|全盟|全域|全镇|我市|我省|我区|我县|本市|本省|本区|本县|辖区内?|各地|城区)")
_ORG_NAME = re.compile(r"([\u4e00-\u9fff]{2,16}?(?:有限公司|集团|公司|局|委员会|服务中心|中心|学校|学院|医院|社区|居民区|街道|"
                       r"项目部|项目|工程|商务区|协会|联盟|党委|党总支|党支部|工委))")
_ORG_NOT = re.compile(r"(^(?:市|县|区|省)委|组织部|宣传部|政府|人民政府|工委)$")   # who reports, not whose
_NOT_A_NAME = re.compile(r"^(成立|组建|建立|推动|推进|开展|实现|通过|坚持|围绕|聚焦|加强|深化|打造|组织|发挥|目前|截至|截止|其中|同时|"
                         r"此外|近年来|今年|去年|全|我|各|在|对|为|以|将|把|由|据|从|向|与|和|及|并|已|共|有|是|按照|根据|针对|"
                         r"结合|依托|选派|召开|举办|会议|会上|记者|本报|日前|近日|截至目前|新)")
_REGION_WORD = re.compile(r"^(全市|全省|全区|全县|我市|我省|我区|我县|本市|本省|本区|本县)")


@dataclass(frozen=True)
class Subject:
    kind: str
    name: str | None
    confidence: float
    reason: str


def subject_of(w: Window, report_org: str | None = None, report_is_org: bool = False,
               report_kind: tuple[str | None, str | None, str] = (None, None, "")) -> Subject:
    """The subject of the figure whose words are ``w``. ``report_org``: the report's own body (from the
    analyst); ``report_is_org``: the report is that body's account of its own work; ``report_kind``: what the
    title says the report is about (``title_subject``), for figures that name no subject of their own."""
    near = f"{w.before}#{w.after}"
    texts = [near, *(f"{e}，{near}" for e in w.earlier[:1]), f"{w.head}#{w.after}"]
    for i, text in enumerate(texts):
        mark_at = text.find("#")
        organs = _ORGANS.search(text)
        whole = _last(_WHOLE, text, mark_at)
        sector = next((m for m in _SECTOR.finditer(text) if m.end() <= mark_at and not _COUNTED.match(text, m.end())),
                      None)    # 物业行业党委5个: the committees are what is counted, not whose
        hit = [(m.start(), kind, m) for kind, m in (("organs", organs), ("whole", whole), ("sector", sector)) if m]
        if not hit:
            continue
        # the governing words nearest before the figure decide (or, failing any before it, the first after)
        mark = text.find("#")
        before = [h for h in hit if h[0] < mark]
        _, kind, m = max(before, key=lambda h: h[0]) if before else min(hit, key=lambda h: h[0])
        conf = 0.9 - 0.1 * i
        if kind == "organs":
            return Subject(subjects.ORGANS, m.group(1), conf, f"「{m.group(1)}」")
        if kind == "sector" and not (whole and whole.start() > m.start() and whole.start() < mark):
            return Subject(subjects.SECTOR, re.sub(r"^全(?:市|省|区|县)", "", m.group(1)), conf, f"「{m.group(1)}」")
        if kind == "whole" and not (report_kind[0] == subjects.ORGANISATION and m.group(1).startswith("辖区")):
            return Subject(subjects.REGION, None, conf, f"「{m.group(1)}」")
    org = _named_body(w.head)
    if org:
        return Subject(subjects.ORGANISATION, org, 0.6, f"the sentence is about 「{org}」")
    if report_is_org and report_org:
        return Subject(subjects.ORGANISATION, report_org, 0.55, f"the report is 「{report_org}」's own account")
    if report_kind[0]:
        return Subject(report_kind[0], report_kind[1], 0.65, report_kind[2])
    return Subject(subjects.REGION, None, 0.75, "no body governs the figure: the region as a whole")


_COUNTED = re.compile(r"(?:综合)?(?:党委|党组织|党支部|党总支|企业|公司)")


def _last(pattern: re.Pattern, text: str, before: int):
    found = None
    for m in pattern.finditer(text):
        if m.start() < before:
            found = m
    return found or pattern.search(text)


_LOCAL_BODY = re.compile(r"([\u4e00-\u9fff]{2,8}?(?:街道|社区|居民区|镇|乡))(?![\u4e00-\u9fff]{0,2}(?:党建|治理|服务|建设))")
_INDUSTRY = re.compile(r"(物业(?:服务|管理)?行业)")


def title_subject(title: str | None) -> tuple[str | None, str | None, str]:
    """(kind, name, why) of the report's own subject when its title names one: a subdistrict, town or community
    (金贸街道, 万年路社区) is one organisation's account; the property industry is a sector's."""
    if not title:
        return None, None, ""
    head = re.sub(r"^[\u4e00-\u9fff]{2,4}(?:省|市|区|县)", "", title.strip())
    m = _LOCAL_BODY.search(title)
    if m and not re.match(r"(全市|全区|全县)", m.group(1)):
        name = re.sub(r"^.*?(?:市|区|县)(?=[\u4e00-\u9fff]{2,}(?:街道|社区|居民区|镇|乡)$)", "", m.group(1))
        return subjects.ORGANISATION, name, f"the title names 「{name}」"
    m = _INDUSTRY.search(head)
    if m and not re.search(r"(全市|全区|全县|全省|我市)", title):
        return subjects.SECTOR, m.group(1), f"the title names 「{m.group(1)}」"
    return None, None, ""


def report_subject(text: str) -> tuple[str | None, str]:
    """Whether the report is one organisation's account of its own work: a named body (局, 公司, 项目, 集团 …)
    opens more sentences than the words of a whole region (全市, 我区 …) occur; the body's name, and why."""
    heads: dict[str, int] = {}
    for sentence in re.split(r"[。！？\n]", text[:3000]):
        name = _named_body(sentence.strip())
        if name:
            heads[name] = heads.get(name, 0) + 1
    whole = len(_WHOLE.findall(text[:3000]))
    if not heads:
        return None, ""
    name, n = max(heads.items(), key=lambda kv: kv[1])
    if n >= 2 and n > whole:
        return name, f"「{name}」 opens {n} sentences, region words occur {whole} times"
    return None, ""


def _named_body(head: str) -> str | None:
    """A named organisation opening the sentence (西湖投资集团举行…, 金贸街道创新实施…), not the reporting
    Party committee or government."""
    m = _ORG_NAME.match(head.strip("“”\" 　"))
    if not m:
        return None
    name = m.group(1)
    if _ORG_NOT.search(name) or _REGION_WORD.match(name) or _NOT_A_NAME.match(name) or len(name) < 3:
        return None
    return name
