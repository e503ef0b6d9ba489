from datetime import date, datetime

import pytest
from pytest_django import DjangoAssertNumQueries

from ansinh.core.calendar import (
    WorkingCalendar,
    add_working_days,
    is_working_day,
    public_holidays,
    working_days_between,
)
from ansinh.core.models import DeclaredDay, DeclaredDayKind

# --- statutory holidays (no database) ----------------------------------------------------------


def test_public_holidays_2026_are_the_labour_code_days_with_vietnamese_names() -> None:
    assert public_holidays(2026) == {
        date(2026, 1, 1): "Tết Dương lịch",
        # Tết Bính Ngọ: mùng 1 is Tuesday 17/02; the 5 days are 30 Tết (16/02) to mùng 4.
        date(2026, 2, 16): "Tết Nguyên Đán",
        date(2026, 2, 17): "Tết Nguyên Đán",
        date(2026, 2, 18): "Tết Nguyên Đán",
        date(2026, 2, 19): "Tết Nguyên Đán",
        date(2026, 2, 20): "Tết Nguyên Đán",
        # 10/3 lunar is a Sunday, so the Monday after is the day in lieu.
        date(2026, 4, 26): "Giỗ Tổ Hùng Vương",
        date(2026, 4, 27): "Giỗ Tổ Hùng Vương (nghỉ bù)",
        date(2026, 4, 30): "Ngày Chiến thắng",
        date(2026, 5, 1): "Quốc tế Lao động",
        # 2/9 is a Wednesday: the adjacent day is Tuesday 1/9.
        date(2026, 9, 1): "Quốc khánh",
        date(2026, 9, 2): "Quốc khánh",
    }


def test_swapped_days_and_culture_day_from_the_holidays_package_are_left_out() -> None:
    days = public_holidays(2026)
    assert date(2026, 8, 31) not in days  # a swap: belongs in DeclaredDay
    assert date(2026, 11, 24) not in days  # not in Labour Code Art. 112 yet


def test_weekend_tet_days_are_made_up_before_and_after() -> None:
    # Tết 2023: mùng 1 on Sunday 22/01 → 20/01 (Fri) for Saturday 21/01, 26/01 for Sunday.
    tet = {day for day, name in public_holidays(2023).items() if name.startswith("Tết Ng")}
    assert tet == {date(2023, 1, day) for day in range(20, 27)}


def test_tet_follows_the_vietnamese_lunar_calendar_not_the_chinese() -> None:
    # Vietnam's calendar is computed for UTC+7, China's for UTC+8. In 1985 Tết came a month
    # before the Chinese New Year (20/02/1985); in 2007 a day before it (18/02/2007).
    assert public_holidays(1985)[date(1985, 1, 21)] == "Tết Nguyên Đán"
    assert date(1985, 2, 20) not in public_holidays(1985)
    assert public_holidays(2007)[date(2007, 2, 17)] == "Tết Nguyên Đán"
    assert date(2007, 2, 16) in public_holidays(2007)  # 30 Tết, the last day of the year


def test_a_year_beyond_the_lunar_tables_is_an_error_not_a_year_without_tet() -> None:
    with pytest.raises(ValueError):
        public_holidays(2101)


# --- working days ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_deadline_skips_the_weekend() -> None:
    # Thursday 05/03/2026 + 3 working days: Fri 06 (1), Mon 09 (2), Tue 10 (3).
    assert add_working_days(date(2026, 3, 5), 3) == date(2026, 3, 10)


@pytest.mark.django_db
def test_a_deadline_skips_the_lunar_new_year_holiday() -> None:
    # Received Thursday 12/02/2026, 10 working days. Fri 13/02 is day 1; 14–15/02 weekend,
    # 16–20/02 Tết (30 Tết to mùng 4), 21–22/02 weekend; then Mon 23 to Fri 27/02 are
    # days 2–6 and Mon 02 to Thu 05/03 days 7–10. Without Tết it would be Thu 26/02.
    assert add_working_days(date(2026, 2, 12), 10) == date(2026, 3, 5)


@pytest.mark.django_db
def test_hung_kings_day_and_its_day_in_lieu_are_not_working_days() -> None:
    assert not is_working_day(date(2026, 4, 26))  # 10/3 lunar, a Sunday
    assert not is_working_day(date(2026, 4, 27))  # the Monday in lieu
    assert is_working_day(date(2026, 4, 28))
    # Friday 24/04 + 1 working day skips the weekend and the day in lieu.
    assert add_working_days(date(2026, 4, 24), 1) == date(2026, 4, 28)


@pytest.mark.django_db
def test_a_declared_make_up_saturday_is_a_working_day() -> None:
    DeclaredDay.objects.create(
        date=date(2026, 8, 22), kind=DeclaredDayKind.WORKING_DAY,
        reason="Làm bù cho ngày 31/08/2026",
    )
    assert is_working_day(date(2026, 8, 22))
    assert add_working_days(date(2026, 8, 21), 1) == date(2026, 8, 22)
    assert not is_working_day(date(2026, 8, 29))  # an ordinary Saturday


@pytest.mark.django_db
def test_a_declared_day_off_is_not_a_working_day() -> None:
    DeclaredDay.objects.create(
        date=date(2026, 8, 31), kind=DeclaredDayKind.DAY_OFF, reason="Nghỉ bù, làm bù 22/08",
    )
    assert not is_working_day(date(2026, 8, 31))
    # Friday 28/08 + 1: Mon 31/08 declared off, Tue 1/9 and Wed 2/9 Quốc khánh → Thu 3/9.
    assert add_working_days(date(2026, 8, 28), 1) == date(2026, 9, 3)


@pytest.mark.django_db
def test_a_declared_working_day_overrides_a_computed_day_in_lieu() -> None:
    # The computed Tết 2027 pattern gives Thursday 04/02 off; a different decision is data.
    assert not is_working_day(date(2027, 2, 4))
    DeclaredDay.objects.create(
        date=date(2027, 2, 4), kind=DeclaredDayKind.WORKING_DAY, reason="Quyết định Tết 2027",
    )
    assert is_working_day(date(2027, 2, 4))


@pytest.mark.django_db
def test_declared_days_are_read_in_one_query_across_a_year_end(
    django_assert_num_queries: DjangoAssertNumQueries,
) -> None:
    DeclaredDay.objects.create(date=date(2027, 1, 4), reason="Nghỉ thêm")
    with django_assert_num_queries(1):
        # From Wed 30/12/2026: Thu 31/12 (1), Fri 01/01 holiday, Mon 04/01 declared off,
        # Tue 05/01 (2), Wed 06/01 (3).
        assert add_working_days(date(2026, 12, 30), 3) == date(2027, 1, 6)


@pytest.mark.django_db
def test_one_calendar_reads_each_year_once(
    django_assert_num_queries: DjangoAssertNumQueries,
) -> None:
    calendar = WorkingCalendar()
    with django_assert_num_queries(1):
        for day in range(1, 29):
            calendar.is_working_day(date(2026, 2, day))
        calendar.add_working_days(date(2026, 3, 2), 10)


@pytest.mark.django_db
def test_working_days_between_is_the_inverse_of_add_working_days() -> None:
    start = date(2026, 2, 12)
    for n in (0, 1, 5, 10, 40):
        assert working_days_between(start, add_working_days(start, n)) == n
    assert working_days_between(date(2026, 3, 5), date(2026, 2, 12)) == -10


@pytest.mark.django_db
def test_zero_working_days_is_the_start_day() -> None:
    assert add_working_days(date(2026, 2, 14), 0) == date(2026, 2, 14)


def test_a_negative_number_of_days_is_refused() -> None:
    with pytest.raises(ValueError):
        add_working_days(date(2026, 3, 5), -1)


def test_a_datetime_is_refused_because_it_would_miss_every_holiday() -> None:
    with pytest.raises(TypeError):
        is_working_day(datetime(2026, 2, 17, 9, 0))  # noqa: DTZ001
