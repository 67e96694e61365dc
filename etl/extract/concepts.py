"""Which comparable concept a figure measures: every concept ranked by the cue phrases the words around the
figure carry, with the reason (the cue and where it was read).

The cues are data (``data/reference/concept_cues.csv``): a regular expression over the cleaned, Simplified
text, a weight (how specific it is), and a ``block`` expression that rules the cue out where it also
matches (物业服务企业 is the plain count of companies unless 党 is in the same words). A cue is looked for in
three windows, nearest first: the figure's own phrase, that phrase with the one before it, and the sentence up
to the figure; a match farther away counts for less. A concept must agree in kind of unit with the figure (a %
only for a coverage, share or growth; people only for a count of people).
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

from core.settings import DATA_DIR
from etl.extract.windows import Window

# kinds of unit: a concept's unit and a figure's unit must be of one kind
_UNIT_KIND = {**dict.fromkeys(("个", "家", "支", "所", "处", "座", "项", "栋", "幢", "批", "类", "种"), "things"),
              **dict.fromkeys(("人", "名", "位"), "people"),
              **dict.fromkeys(("次", "场", "件", "期", "起", "条", "轮", "人次", "户次"), "events"),
              "%": "rate"}
# a concept counted in events may be counted with 个 too (解决问题300余个); things never with 次
_ALSO = {"events": {"things"}}
_WINDOW_WEIGHT = (1.0, 0.6, 0.45)
NONE = "(none)"      # a cue row of this key says the figure is of no concept (a sub-type, a flow, the eligible)
_WINDOW_NAME = ("phrase", "previous phrase", "sentence")
MARK = "#"


def unit_kind(unit: str | None) -> str | None:
    return _UNIT_KIND.get(unit or "")


# words next to a number that are not what it counts
_FUNCTION_BEFORE = re.compile(r"(?:其中|共有|共计|合计|累计|总计|分别|已有|已达|达到|达|为|是|有|共|计|占|约|近|超过|逾|"
                              r"的|了|和|及|与|等|仅|只|至|到|现|现有|目前|先后|组建|成立|建立|设立|选派|培育|打造)$")
_VERB_AFTER = re.compile(r"^(?:已|均|都|全部|被|成立|建立|组建|实现|参与|参加|完成|获|入选|进行|开展|的|，|,|。|；|$)")


def own_noun(w: Window) -> bool:
    """Whether the figure's own phrase says what it counts: a noun right after its measure word, or right
    before the number."""
    after = w.after.lstrip("“”\"（）() ")
    if re.match(r"[\u4e00-\u9fff]{2}", after) and not _VERB_AFTER.match(after):
        return True
    before = w.before.rstrip("“”\" ")
    core = _FUNCTION_BEFORE.sub("", before)
    while core != before:
        before, core = core, _FUNCTION_BEFORE.sub("", core)
    return bool(re.search(r"[\u4e00-\u9fff]{2}$", core))


@dataclass(frozen=True)
class Cue:
    concept: str
    pattern: re.Pattern
    weight: float
    block: re.Pattern | None
    context: re.Pattern | None = None      # must occur in the figure's sentence (公司 counts as 物业企业 where 物业 is)
    units: frozenset = frozenset()         # the measure words it takes (empty: any of its concept's kind)


@dataclass(frozen=True)
class Ranked:
    concept: str
    score: float
    reason: str          # "phrase: 「物业服务企业已成立党组织」"


def read_cues(path: Path) -> list[Cue]:
    with open(path, encoding="utf-8", newline="") as fh:
        return [Cue(r["concept_key"], re.compile(r["cue"]), float(r["weight"] or 1),
                    re.compile(r["block"]) if r.get("block") else None,
                    re.compile(r["context"]) if r.get("context") else None,
                    frozenset((r.get("units") or "").split("|")) - {""}) for r in csv.DictReader(fh)]


class ConceptRanker:
    def __init__(self, concepts: dict[str, dict], cues: list[Cue]):
        self.concepts = concepts
        self.cues = [c for c in cues if c.concept in concepts]
        self.vetoes = [c for c in cues if c.concept == NONE]
        self._kind = {k: unit_kind(r.get("unit")) for k, r in concepts.items()}

    @classmethod
    def from_reference(cls, data_dir: Path = DATA_DIR, concepts: dict[str, dict] | None = None) -> ConceptRanker:
        ref = Path(data_dir) / "reference"
        if concepts is None:
            with open(ref / "concepts.csv", encoding="utf-8", newline="") as fh:
                concepts = {r["concept_key"]: r for r in csv.DictReader(fh)}
        return cls(concepts, read_cues(ref / "concept_cues.csv"))

    def fits(self, concept: str, unit: str | None) -> bool:
        want, have = self._kind.get(concept), unit_kind(unit)
        if have is None:                      # 元, 平方米, 户: no concept is counted in them
            return False
        return want == have or have in _ALSO.get(want, ())

    @staticmethod
    def texts(w: Window) -> tuple[str, str, str]:
        own = f"{w.before}{MARK}{w.after}"
        prev = f"{w.earlier[0]}，{own}" if w.earlier else own
        return own, prev, f"{w.head}{MARK}{w.after}"

    def rank(self, w: Window, unit: str | None, limit: int = 5) -> list[Ranked]:
        """The concepts the figure's words point to, best first (at most ``limit``). A count that names what it
        counts in its own phrase (民办学校党组织70家, 70家民办学校) is read there only: the words of the phrases
        before it describe other figures."""
        texts = self.texts(w)
        if unit != "%" and own_noun(w):
            texts = (texts[0], texts[0], texts[0])
        for veto in self.vetoes:
            m = veto.pattern.search(texts[0])
            if m:
                return [Ranked(NONE, 9.0, f"phrase: 「{m.group(0).replace(MARK, '…')}」")]
        best: dict[str, Ranked] = {}
        sentence = f"{w.head}{MARK}{w.after}"
        for cue in self.cues:
            if not self.fits(cue.concept, unit) or (cue.context is not None and not cue.context.search(sentence)):
                continue
            if cue.units and unit not in cue.units:
                continue
            for i, text in enumerate(texts):
                if i and texts[i] == texts[i - 1]:
                    continue
                score, hit = self._score(cue, text, _WINDOW_WEIGHT[i])
                if hit is None:
                    continue
                old = best.get(cue.concept)
                if old is None or score > old.score:
                    best[cue.concept] = Ranked(cue.concept, round(score, 3),
                                               f"{_WINDOW_NAME[i]}: 「{hit.replace(MARK, '…')}」")
                break          # the nearest window that holds the cue is the one that counts
        return sorted(best.values(), key=lambda r: (-r.score, r.concept))[:limit]

    @staticmethod
    def _score(cue: Cue, text: str, window_weight: float) -> tuple[float, str | None]:
        mark = text.find(MARK)
        found = None
        for m in cue.pattern.finditer(text):
            if not m.group(0):
                continue
            distance = 0 if m.start() <= mark <= m.end() else min(abs(m.start() - mark), abs(m.end() - mark))
            if found is None or distance < found[0]:
                found = (distance, m)
        if found is None:
            return 0.0, None
        distance, m = found
        if cue.block is not None:     # the words between the cue and the figure, and what follows them
            lo, hi = max(0, min(m.start(), mark) - 2), max(m.end(), mark + 1) + 14
            if cue.block.search(text, lo, hi):
                return 0.0, None
        specific = min(len(m.group(0)), 16) / 16          # a longer match is the more specific reading
        near = max(0.0, 1.0 - distance / 20)               # the words next to the figure say what it counts
        return cue.weight * window_weight * (0.5 + 0.1 * specific + 0.4 * near), m.group(0)
