"""Working days for legal deadlines ("trong thời hạn 10 ngày làm việc kể từ ngày nhận hồ sơ").

Where each day off comes from
-----------------------------

Computed by the ``holidays`` package (``holidays.country_holidays("VN")``, pinned at 0.109).
It computes the lunar dates from its Vietnamese calendar, which is based on UTC+7 and so
differs from the Chinese one in some years (Tết 1985 fell on 21/01, Tết 2007 on 17/02):

* Tết Dương lịch, 1/1 (Labour Code 2019 Art. 112(1)(a)).
* Tết Nguyên Đán, 5 days (Art. 112(1)(b)): the last day of the lunar year and mùng 1 to 4.
* Giỗ Tổ Hùng Vương, 10/3 lunar (Art. 112(1)(e)).
* Ngày Chiến thắng 30/4 and Quốc tế Lao động 1/5 (Art. 112(1)(c), (d)).
* Quốc khánh, 2/9 and one adjacent day (Art. 112(1)(đ)), 1/9 or 3/9: a weekday, joined to
  a weekend where it can be (2/9 on a Tuesday → Monday 1/9, on a Thursday → Friday 3/9, on a
  Saturday → Friday 1/9).
* Days in lieu (nghỉ bù, Art. 111(3)) when one of the above falls on a Saturday or Sunday:
  the next working day. For Tết it follows the yearly decisions instead: a Tết day on a
  Saturday is made up on the Friday before, one on a Sunday on the Monday after.

Left out of what ``holidays`` returns, on purpose:

* Its swapped days ("Ngày nghỉ (thay cho ngày …)", e.g. 31/08/2026 for Saturday 22/08/2026).
  A swap is a yearly decision with two halves, a day off and a make-up working day; both
  belong in ``DeclaredDay`` so that administrators see and maintain them in one place.
* "Ngày Văn hóa Việt Nam" (24/11), which the package adds from 2026 after Politburo
  Resolution 80-NQ/TW. Art. 112 does not list it yet (Government Resolution 30/NQ-CP of 2026
  asks for the amendment); until the Labour Code says so, declare it as a ``DeclaredDay``.

Entered as data (``ansinh.core.models.DeclaredDay``): extra days off, swapped days and
make-up working days decided each year by the Prime Minister or the Ministry (Art. 112(3)
lets the Prime Minister fix the Tết and Quốc khánh days each year). A declared day overrides
the computation both ways, so the same table also corrects a computed day in lieu when the
year's decision differs from the pattern above.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from datetime import date, datetime, timedelta
from types import MappingProxyType

import holidays
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ansinh.core.models import DeclaredDay, DeclaredDayKind

_HOLIDAY_NAMES = {
    "new_year": _("Tết Dương lịch"),
    "lunar_new_year": _("Tết Nguyên Đán"),
    "hung_kings": _("Giỗ Tổ Hùng Vương"),
    "victory": _("Ngày Chiến thắng"),
    "labour": _("Quốc tế Lao động"),
    "national": _("Quốc khánh"),
}

# Which labels of the ``holidays`` package (language "vi") are which statutory holiday.
# Labels not listed here (swapped days, Ngày Văn hóa Việt Nam) are left out on purpose.
_PACKAGE_LABELS = {
    "Tết Dương lịch": "new_year",
    "29 Tết": "lunar_new_year",
    "Giao thừa Tết Nguyên Đán": "lunar_new_year",
    "Tết Nguyên Đán": "lunar_new_year",
    "Mùng hai Tết Nguyên Đán": "lunar_new_year",
    "Mùng ba Tết Nguyên Đán": "lunar_new_year",
    "Mùng bốn Tết Nguyên Đán": "lunar_new_year",
    "Mùng năm Tết Nguyên Đán": "lunar_new_year",
    "Mùng sáu Tết Nguyên Đán": "lunar_new_year",
    "Ngày Giỗ Tổ Hùng Vương": "hung_kings",
    "Ngày Chiến thắng": "victory",
    "Ngày Quốc tế Lao động": "labour",
    "Quốc khánh": "national",
}
_PACKAGE_IN_LIEU_SUFFIX = " (nghỉ bù)"


def _package_days(year: int, *, observed: bool) -> dict[date, str]:
    """The statutory holidays the package gives for ``year``, as date → holiday key."""
    package = holidays.country_holidays("VN", years=year, observed=observed, language="vi")
    days: dict[date, str] = {}
    for day in sorted(package):
        for label in package.get_list(day):
            if key := _PACKAGE_LABELS.get(label.removesuffix(_PACKAGE_IN_LIEU_SUFFIX)):
                days[day] = key
                break
    return days


@functools.cache
def _statutory_days(year: int) -> Mapping[date, tuple[str, bool]]:
    """date → (holiday key, is a day in lieu). Cached: it depends only on the year."""
    own_days = _package_days(year, observed=False)
    if "lunar_new_year" not in own_days.values():
        # The package's lunar tables cover 1901–2100; outside them it silently gives no Tết.
        raise ValueError(f"No Vietnamese lunar calendar for {year}.")
    with_in_lieu = _package_days(year, observed=True)
    return MappingProxyType(
        {day: (key, day not in own_days) for day, key in with_in_lieu.items()}
    )


def public_holidays(year: int) -> dict[date, str]:
    """The statutory days off of ``year`` in date order, with Vietnamese names.

    Days in lieu are named after their holiday, e.g. "Giỗ Tổ Hùng Vương (nghỉ bù)".
    Declared days are not included: see ``DeclaredDay``.
    """
    names: dict[date, str] = {}
    for day, (key, in_lieu) in _statutory_days(year).items():
        name = str(_HOLIDAY_NAMES[key])
        names[day] = gettext("%(holiday)s (nghỉ bù)") % {"holiday": name} if in_lieu else name
    return names


def _require_date(value: date) -> None:
    # A datetime is a date subclass that never equals a date key, so it would silently miss
    # every holiday; the caller must pick the local date (timezone.localdate) first.
    if isinstance(value, datetime):
        raise TypeError("Pass a date, not a datetime (use timezone.localdate()).")


class WorkingCalendar:
    """Answers working-day questions, reading ``DeclaredDay`` once per span of years.

    The module functions make a fresh one per call. A batch (deadlines for every file of an
    upload) should keep one instance for the batch so declared days are read once; do not
    keep one longer than that, since declared days can be edited.
    """

    def __init__(self) -> None:
        self._declared: dict[date, bool] = {}  # declared date → is a working day
        self._loaded_years: set[int] = set()

    def _load_years(self, first: int, last: int) -> None:
        """Read the declared days of the years ``first``..``last`` not yet read, in one query."""
        missing = [year for year in range(first, last + 1) if year not in self._loaded_years]
        if not missing:
            return
        low, high = missing[0], missing[-1]
        rows = DeclaredDay.objects.filter(
            date__gte=date(low, 1, 1), date__lte=date(high, 12, 31)
        ).values_list("date", "kind")
        for day, kind in rows:
            self._declared[day] = kind == DeclaredDayKind.WORKING_DAY
        self._loaded_years.update(range(low, high + 1))

    def is_working_day(self, d: date) -> bool:
        """Monday–Friday and not a holiday, unless a declared day says otherwise."""
        _require_date(d)
        self._load_years(d.year, d.year)
        declared = self._declared.get(d)
        if declared is not None:
            return declared
        return d.weekday() < 5 and d not in _statutory_days(d.year)

    def add_working_days(self, start: date, n: int) -> date:
        """The day on which ``n`` working days after ``start`` have passed.

        ``start`` itself is not counted: a file received on Thursday with 3 working days is
        due on Tuesday. ``start`` is used as given even on a day off; the rules on when a
        file counts as received belong to the caller. ``n == 0`` returns ``start``.
        """
        _require_date(start)
        if n < 0:
            raise ValueError("n must not be negative.")
        # One query for the likely span: 5 working days take 7 calendar days, and a month
        # covers the longest break (Tết with its weekends and a declared bridge).
        self._load_years(start.year, (start + timedelta(days=n * 7 // 5 + 31)).year)
        day, counted = start, 0
        while counted < n:
            day += timedelta(days=1)
            if self.is_working_day(day):
                counted += 1
        return day

    def working_days_between(self, start: date, end: date) -> int:
        """Working days after ``start`` up to and including ``end``; negative if end < start.

        The inverse of ``add_working_days``: between(start, add(start, n)) == n.
        """
        _require_date(start)
        _require_date(end)
        if end < start:
            return -self.working_days_between(end, start)
        self._load_years(start.year, end.year)
        return sum(
            1
            for offset in range(1, (end - start).days + 1)
            if self.is_working_day(start + timedelta(days=offset))
        )


def is_working_day(d: date) -> bool:
    """Whether ``d`` is a working day for state agencies (one query)."""
    return WorkingCalendar().is_working_day(d)


def add_working_days(start: date, n: int) -> date:
    """The deadline ``n`` working days after ``start``, ``start`` not counted."""
    return WorkingCalendar().add_working_days(start, n)


def working_days_between(start: date, end: date) -> int:
    """Working days after ``start`` up to and including ``end``."""
    return WorkingCalendar().working_days_between(start, end)
