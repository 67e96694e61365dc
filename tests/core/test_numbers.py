import pytest

from core.numbers import NumberFormatError, chinese_to_number, format_value, parse_quantity


@pytest.mark.parametrize("text, value, qualifier, unit", [
    ("7700多名", 7700, "more_than", "人"),
    ("2万余斤", 20000, "more_than", "斤"),
    ("2萬餘斤", 20000, "more_than", "斤"),
    ("136亿元", 13_600_000_000, "exact", "元"),
    ("136億元", 13_600_000_000, "exact", "元"),
    ("42万余元", 420_000, "more_than", "元"),
    ("十二", 12, "exact", None),
    ("两", 2, "exact", None),
    ("兩批", 2, "exact", "批"),
    ("三届", 3, "exact", "届"),
    ("100%", 100, "exact", "%"),
    ("百分之八十五", 85, "exact", "%"),
    ("约300", 300, "approx", None),
    ("近两年", 2, "approx", "年"),
    ("至少1次", 1, "at_least", "次"),
    ("90余个", 90, "more_than", "个"),
    ("1.2万", 12_000, "exact", None),
    ("千万元以上", 10_000_000, "more_than", "元"),
    ("三百零五", 305, "exact", None),
    ("1,234", 1234, "exact", None),
])
def test_parse_quantity(text, value, qualifier, unit):
    q = parse_quantity(text)
    assert (q.value, q.qualifier, q.unit) == (value, qualifier, unit)


@pytest.mark.parametrize("text", ["1-2", "1～2个", "一至两"])
def test_ranges(text):
    q = parse_quantity(text)
    assert (q.value, q.value_max, q.qualifier) == (1, 2, "range")


@pytest.mark.parametrize("text", ["", "无", "abc", "2-1"])
def test_unreadable_values_are_rejected(text):
    with pytest.raises(NumberFormatError):
        parse_quantity(text)


def test_chinese_numerals():
    assert chinese_to_number("十") == 10
    assert chinese_to_number("二十一") == 21
    assert chinese_to_number("一万二千") == 12000
    assert chinese_to_number("二〇二二") == 2022


def test_display_is_honest_about_qualifiers():
    assert format_value(7700, "more_than") == "7700+"
    assert format_value(7700, "more_than", lang="en") == "7,700+"
    assert format_value(100, "exact", unit="%") == "100%"
    assert format_value(1, "range", 2) == "1–2"
    assert format_value(300, "approx") == "约300"
    assert format_value(13_600_000_000, "exact") == "136亿"
    assert format_value(None) == "未注明"


def test_a_number_a_double_cannot_hold_exactly_is_refused_not_rounded():
    """Issue #22, item 18: the parser refuses what its DOUBLE would change; what it can hold stays exact."""
    from core.numbers import InexactError, TooLargeError

    for text, stored in (("123456789012345678", 123456789012345680), ("9007199254740993", 9007199254740992)):
        with pytest.raises(InexactError) as err:
            parse_quantity(text)
        assert err.value.stored == stored
    with pytest.raises(TooLargeError):
        parse_quantity("1000000000000000001")               # a float is 10¹⁸ exactly: the limit is on the written number
    assert parse_quantity("100000000000000000").value == 10 ** 17
    assert parse_quantity(str(2 ** 53)).value == 2 ** 53
    assert parse_quantity("1.1万").value == 11000 and parse_quantity("1.5亿").value == 150_000_000
