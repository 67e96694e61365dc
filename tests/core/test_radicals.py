"""Radical look-alikes → ideographs, one character for one (PDF text layers, ours and the reports')."""

from core.radicals import RADICALS, ideographs, unradical


def test_kangxi_and_supplement_radicals_map_to_ideographs():
    assert unradical("⽐⼀⼈") == "比一人"              # Kangxi radicals: by NFKC
    assert unradical("⻔⻓⻅⺠") == "门长见民"          # supplements have no decomposition: by the table
    assert unradical("党组织覆盖率100%") == "党组织覆盖率100%"


def test_every_mapping_is_one_character_for_one():
    assert all(len(v) == 1 for v in RADICALS.values())
    assert ideographs("⼾")[0] == "戶" and "户" in ideographs("⼾")
    assert ideographs("比") == ()
