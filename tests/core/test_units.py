"""Measure words of one kind (core.units) and numbers written without exponents (the review sheets read them
back: 1.44e+08 was read as 1.44)."""

from core import units
from core.numbers import parse_quantity
from etl.extract.candidates import plain, written_value


def test_measure_words_of_one_kind():
    assert units.same_kind("家", "个") and units.same_kind("支", "个") and units.same_kind("次", "场")
    assert not units.same_kind("次", "个") and not units.same_kind("人", "个") and units.same_kind("%", "%")


def test_large_values_are_written_so_the_intake_reads_them_back():
    for value in (144000000.0, 213000000.0, 16559.84, 0.5, 7700.0):
        assert parse_quantity(plain(value)).value == value
    assert parse_quantity(written_value({"value": 1.44e8, "qualifier": "more_than"})).value == 1.44e8
