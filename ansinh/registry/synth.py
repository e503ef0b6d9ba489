"""Synthetic households and persons for demos, tests and benchmarks.

:func:`synth_people` fills the current communes of one province with households whose make-up
looks like Vietnam's: household sizes 1–7 (mean about 3.5, as in the 2019 census) with a head,
a spouse, children and sometimes the head's parents or a married child with grandchildren; an
age pyramid with a median age near 33, about 12% aged 60 and over and 2% aged 80 and over;
surnames at their national shares; a CCCD for nine in ten persons aged 14 and over, consistent
with their sex and year of birth (:mod:`ansinh.registry.identity`), mostly with the province's
own birth-registration codes; Kinh and other ethnic groups; some disability, pensions, poor and
near-poor households.

The work is set-based: rows are generated in Python and written with ``executemany``, a batch
of households at a time (households first, their ids read back by code in one query, then their
members). A million persons take about half a minute on SQLite on a small machine.

For a given ``seed``, database state and ``as_of`` date the rows are the same. A second run adds
households after the codes already used in each commune, and CCCD numbers that are not yet in
the table, so it never clashes with what is there.
"""

from __future__ import annotations

import bisect
import itertools
import random
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from django.db import connections, models, router, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ansinh.core.audit import audit_record
from ansinh.core.errors import DomainError
from ansinh.core.text import normalize_text
from ansinh.geo.models import (
    AdministrativeUnit,
    ResidentialGroup,
    ResidentialGroupKind,
    UnitKind,
    UnitLevel,
)
from ansinh.registry.identity import (
    BIRTH_PROVINCES,
    ETHNICITIES,
    KINH,
    SERIAL_LIMIT,
    national_id_prefix,
)
from ansinh.registry.models import (
    DatePrecision,
    DisabilityLevel,
    Household,
    HouseholdPoverty,
    PensionStatus,
    Person,
    PersonStatus,
    PovertyStatus,
    Relationship,
    Sex,
)

NAMES_DIR = Path(__file__).resolve().parent / "data" / "names"
HOUSEHOLD_CODE_PREFIX = "HGD-"
# Households written per batch: bounds memory (about 100,000 persons a batch) without making
# the per-batch queries matter.
BATCH_HOUSEHOLDS = 30_000
_DAYS_PER_YEAR = 365.2425

# --- The shape of the population -------------------------------------------------------------

# Persons per household (2019 census: mean 3.5).
_HOUSEHOLD_SIZES = {1: 11, 2: 18, 3: 21, 4: 27, 5: 13, 6: 6, 7: 4}

# Published national surname shares (percent), see data/names/README.md. Where the table lumps
# two spellings of one name, the split follows the region: Hoàng and Vũ in the north, Huỳnh and
# Võ from the centre southwards.
_SURNAME_SHARES = {
    "Nguyễn": 38.0, "Trần": 11.0, "Lê": 9.5, "Phạm": 7.1, "Phan": 4.5, "Đặng": 2.1, "Bùi": 2.0,
    "Đỗ": 1.4, "Hồ": 1.3, "Ngô": 1.3, "Dương": 1.0, "Lý": 0.5,
}
_SURNAME_PAIRS = {("Hoàng", "Huỳnh"): 5.1, ("Vũ", "Võ"): 3.9}
# Tokens of surnames.tsv that are not surnames (a middle name, the Ê-đê male prefix) or are a
# misspelling of one that is there.
_NOT_SURNAMES = frozenset({"Văn", "Y", "Hùynh"})
# The last current province code of the north (Quảng Trị, which took in Quảng Bình).
_LAST_NORTHERN_PROVINCE = 45

# Shares (percent) of ethnic groups in the population (2019 census, rounded); the rest Kinh.
_ETHNIC_SHARES = {
    "02": 1.9, "03": 1.9, "06": 1.5, "08": 1.5, "05": 1.4, "07": 1.1, "09": 0.9, "04": 0.8,
    "10": 0.5, "12": 0.4, "13": 0.3, "14": 0.2, "15": 0.2, "17": 0.2, "18": 0.2, "16": 0.2,
    "19": 0.15, "20": 0.1, "24": 0.1, "21": 0.1, "22": 0.1, "23": 0.1, "25": 0.05,
}

_ID_SHARE = 0.90  # persons aged 14+ with a CCCD
_ID_MIN_AGE = 14
_ID_BORN_ELSEWHERE = 0.15  # CCCDs with another province's birth code
_OLD_ID_SHARE = 0.25  # persons aged 30+ whose old CMND number is on file
_PHONE_SHARE = 0.55  # persons aged 16+ with a phone number
_PENSION_SHARE = 0.08  # of persons aged 60+
_YEAR_ONLY_BEFORE = 1960
_YEAR_ONLY_SHARE = 0.08
_MONTH_ONLY_BEFORE = 1975
_MONTH_ONLY_SHARE = 0.02
_POOR_SHARE = 0.03
_NEAR_POOR_SHARE = 0.04
_MINORITY_POVERTY_FACTOR = 3.0  # poverty is about three times as common in minority households
_DISABILITY_CERTIFIED_FROM = date(2012, 1, 1)  # the Law on Persons with Disabilities, 2010
_PHONE_PREFIXES = ("03", "05", "07", "08", "09")
# An odd multiplier prime to 10 makes k ↦ (a·k + b) mod 10⁹ a permutation: distinct counters
# give distinct old CMND numbers that still look random.
_OLD_ID_MULTIPLIER = 387_420_489


@dataclass(frozen=True)
class SynthSummary:
    province: str
    province_name: str
    communes: int
    households: int
    persons: int
    groups_created: int
    national_ids: int
    poor_households: int
    near_poor_households: int
    disabled: int
    seed: int

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


# --- Token tables ------------------------------------------------------------------------------


class _Weighted:
    """Draw items with given weights: one ``random()`` and a bisection per draw."""

    def __init__(self, items: Sequence[Any], weights: Sequence[float]) -> None:
        self.items = list(items)
        self.cumulative = list(itertools.accumulate(weights))
        self.total = self.cumulative[-1]

    def draw(self, rand: Callable[[], float]) -> Any:
        return self.items[bisect.bisect(self.cumulative, rand() * self.total)]


def _vietnamese_token(token: str) -> bool:
    """Rejects the mis-encoded rows of the source tables ("Buøi", "Ñoã")."""
    import unicodedata

    marks = {0x0300, 0x0301, 0x0302, 0x0303, 0x0306, 0x0309, 0x031B, 0x0323}
    for ch in token:
        if ch in "đĐ":
            continue
        parts = unicodedata.normalize("NFD", ch)
        if not ("a" <= parts[0].lower() <= "z"):
            return False
        if len(parts) > 1 and (parts[0].lower() not in "aeiouy"
                               or any(ord(mark) not in marks for mark in parts[1:])):
            return False
    return True


def _clean(text: str) -> str:
    # The given-name lists write Đ with the look-alike Icelandic eth (Ð).
    return " ".join(text.replace("Ð", "Đ").replace("ð", "đ").split())


def _read_counts(name: str) -> dict[str, int]:
    counts: dict[str, int] = {}
    lines = (NAMES_DIR / name).read_text(encoding="utf-8").splitlines()[1:]
    for line in lines:
        token, _tab, count = line.partition("\t")
        token = _clean(token)
        if token and _vietnamese_token(token):
            counts[token] = counts.get(token, 0) + int(count)
    return counts


def _read_given(name: str) -> list[str]:
    lines = (NAMES_DIR / name).read_text(encoding="utf-8").splitlines()
    entries = {_clean(line) for line in lines}
    # Two syllables, "middle given"; a few rows carry a surname as well.
    return sorted(e for e in entries if len(e.split()) == 2 and all(map(_vietnamese_token,
                                                                      e.split())))


@dataclass(frozen=True)
class _NameTables:
    surnames_north: _Weighted
    surnames_south: _Weighted
    given: dict[str, _Weighted]  # sex → two-syllable "middle given" entries
    middles: _Weighted  # extra middle names for four-syllable names
    keys: dict[str, str]  # token or entry → its normalize_text key


@cache
def _name_tables() -> _NameTables:
    counts = _read_counts("surnames.tsv")
    for token in _NOT_SURNAMES:
        counts.pop(token, None)
    listed = set(_SURNAME_SHARES) | {name for pair in _SURNAME_PAIRS for name in pair}
    rest = {token: n for token, n in counts.items() if token not in listed}
    rest_share = 100.0 - sum(_SURNAME_SHARES.values()) - sum(_SURNAME_PAIRS.values())
    rest_total = sum(rest.values())

    def surnames(north: bool) -> _Weighted:
        shares = dict(_SURNAME_SHARES)
        for (northern, southern), share in _SURNAME_PAIRS.items():
            shares[northern] = share * (0.85 if north else 0.15)
            shares[southern] = share * (0.15 if north else 0.85)
        shares.update({token: rest_share * n / rest_total for token, n in rest.items()})
        return _Weighted(list(shares), list(shares.values()))

    # Common given names come up more often: weight each entry by how common its last
    # syllable is in given_names.tsv.
    given_counts = _read_counts("given_names.tsv")
    given = {}
    for sex, file in ((Sex.MALE, "given_male.txt"), (Sex.FEMALE, "given_female.txt")):
        entries = _read_given(file)
        given[str(sex)] = _Weighted(entries, [given_counts.get(e.split()[1], 1) for e in entries])
    middle_counts = {token: n for token, n in _read_counts("middle_names.tsv").items()
                     if n >= 20 and token not in ("Văn", "Thị")}
    middles = _Weighted(list(middle_counts), list(middle_counts.values()))
    keys: dict[str, str] = {}
    for token in itertools.chain(counts, middle_counts, ("Văn", "Thị"),
                                 *(table.items for table in given.values())):
        keys[token] = normalize_text(token)
        for part in token.split():
            keys[part] = normalize_text(part)
    return _NameTables(surnames(True), surnames(False), given, middles, keys)


# --- Households ---------------------------------------------------------------------------------


@dataclass
class _Member:
    relationship: str
    sex: str
    age: int
    surname: str
    ethnicity: str


class _Families:
    """Draws the members of one household: relationships, sexes, ages and surnames."""

    def __init__(self, rng: random.Random, *, north: bool) -> None:
        self.rng = rng
        self.rand = rng.random
        tables = _name_tables()
        self.surnames = tables.surnames_north if north else tables.surnames_south
        self.sizes = _Weighted(list(_HOUSEHOLD_SIZES), list(_HOUSEHOLD_SIZES.values()))
        others = list(_ETHNIC_SHARES)
        self.ethnicities = _Weighted(
            [KINH, *others], [100.0 - sum(_ETHNIC_SHARES.values()), *_ETHNIC_SHARES.values()])

    # Small distributions.

    def _between(self, low: int, high: int) -> int:
        return low + int(self.rand() * (high - low + 1))

    def _peaked(self, low: int, mode: int, high: int) -> int:
        return int(self.rng.triangular(low, high + 1, mode))

    def _old_age(self, low: int) -> int:
        # Survival thins the old: roughly exponential beyond ``low``.
        return min(low + int(self.rng.expovariate(1 / 11)), 104)

    def _surname(self) -> str:
        return str(self.surnames.draw(self.rand))

    def _spouse_gap(self) -> int:
        return self._peaked(-3, 3, 12)  # husband's age minus wife's

    def _couple(self, husband_age: int, ethnicity: str) -> tuple[_Member, _Member]:
        wife_age = max(18, husband_age - self._spouse_gap())
        wife_ethnicity = ethnicity if self.rand() < 0.92 else self.ethnicities.draw(self.rand)
        return (_Member(Relationship.HEAD, Sex.MALE, husband_age, self._surname(), ethnicity),
                _Member(Relationship.SPOUSE, Sex.FEMALE, wife_age, self._surname(),
                        wife_ethnicity))

    def _children(self, count: int, youngest: int) -> list[int]:
        ages = [youngest]
        for _i in range(count - 1):
            ages.append(ages[-1] + self._peaked(1, 3, 7))
        return ages[::-1]

    def _youngest_child(self) -> int:
        # Most children at home are young; a third of households keep a grown child.
        if self.rand() < 0.64:
            return self._between(0, 14)
        return self._peaked(15, 18, 32)

    def _mother_age_for(self, oldest_child: int) -> int:
        return oldest_child + self._peaked(19, 24, 36)

    def _with_head(self, members: list[_Member], head_is_wife: bool) -> list[_Member]:
        """Make the wife the head: relationships follow the head."""
        if head_is_wife and members[1].relationship == Relationship.SPOUSE:
            members[0].relationship, members[1].relationship = (Relationship.SPOUSE,
                                                                Relationship.HEAD)
            members[0], members[1] = members[1], members[0]
        return members

    # Household types.

    def household(self, size: int) -> list[_Member]:
        ethnicity = str(self.ethnicities.draw(self.rand))
        r = self.rand()
        if size == 1:
            return [self._single(ethnicity)]
        if size == 2:
            if r < 0.40:
                return self._elderly_couple(ethnicity)
            if r < 0.68:
                husband, wife = self._couple(self._peaked(22, 35, 59), ethnicity)
                return self._with_head([husband, wife], self.rand() < 0.2)
            if r < 0.88:
                return self._lone_parent(1, ethnicity)
            return self._grandparent_and_grandchild(ethnicity)
        if r < 0.60:
            return self._nuclear(size - 2, ethnicity)
        if r < 0.77:
            return self._with_grandparents(size, ethnicity)
        if r < 0.93:
            return self._three_generations(size, ethnicity)
        return self._lone_parent(size - 1, ethnicity)

    def _single(self, ethnicity: str) -> _Member:
        if self.rand() < 0.42:
            sex = Sex.FEMALE if self.rand() < 0.72 else Sex.MALE
            age = self._old_age(60)
        else:
            sex = Sex.MALE if self.rand() < 0.55 else Sex.FEMALE
            age = self._peaked(18, 28, 59)
        return _Member(Relationship.HEAD, sex, age, self._surname(), ethnicity)

    def _elderly_couple(self, ethnicity: str) -> list[_Member]:
        husband, wife = self._couple(self._old_age(58), ethnicity)
        return self._with_head([husband, wife], self.rand() < 0.15)

    def _nuclear(self, children: int, ethnicity: str) -> list[_Member]:
        ages = self._children(children, self._youngest_child())
        wife_age = self._mother_age_for(ages[0])
        husband, wife = self._couple(wife_age + self._spouse_gap(), ethnicity)
        wife.age = wife_age
        members = [husband, wife]
        for age in ages:
            sex = Sex.MALE if self.rand() < 0.51 else Sex.FEMALE
            members.append(_Member(Relationship.CHILD, sex, age, husband.surname, ethnicity))
        return self._with_head(members, self.rand() < 0.18)

    def _lone_parent(self, children: int, ethnicity: str) -> list[_Member]:
        ages = self._children(children, self._youngest_child())
        mother = self.rand() < 0.8
        parent_age = self._mother_age_for(ages[0]) + (0 if mother else 3)
        parent = _Member(Relationship.HEAD, Sex.FEMALE if mother else Sex.MALE, parent_age,
                         self._surname(), ethnicity)
        # The father's surname, whether or not he lives here.
        surname = self._surname() if mother else parent.surname
        members = [parent]
        for age in ages:
            sex = Sex.MALE if self.rand() < 0.51 else Sex.FEMALE
            members.append(_Member(Relationship.CHILD, sex, age, surname, ethnicity))
        return members

    def _grandparent_and_grandchild(self, ethnicity: str) -> list[_Member]:
        grandchild_age = self._between(2, 17)
        grandparent_age = max(50, grandchild_age + self._peaked(45, 55, 75))
        sex = Sex.FEMALE if self.rand() < 0.7 else Sex.MALE
        grandparent = _Member(Relationship.HEAD, sex, grandparent_age, self._surname(), ethnicity)
        surname = grandparent.surname if sex == Sex.MALE else self._surname()
        child_sex = Sex.MALE if self.rand() < 0.51 else Sex.FEMALE
        return [grandparent,
                _Member(Relationship.GRANDCHILD, child_sex, grandchild_age, surname, ethnicity)]

    def _with_grandparents(self, size: int, ethnicity: str) -> list[_Member]:
        """A couple, their children, and one or both of the head's parents."""
        parents = 2 if size >= 5 and self.rand() < 0.45 else 1
        children = size - 2 - parents
        head_is_wife = self.rand() < 0.15
        if children:
            members = self._nuclear(children, ethnicity)
            members = self._with_head(
                [m for m in members if m.relationship != Relationship.CHILD], False) + [
                m for m in members if m.relationship == Relationship.CHILD]
        else:
            husband, wife = self._couple(self._peaked(24, 32, 50), ethnicity)
            members = [husband, wife]
        head = members[1] if head_is_wife else members[0]
        self._with_head(members, head_is_wife)
        father_age = head.age + self._peaked(22, 28, 40)
        mother_age = max(head.age + 18, father_age - self._spouse_gap())
        if parents == 2:
            members.append(_Member(Relationship.PARENT, Sex.MALE, min(father_age, 104),
                                   head.surname, ethnicity))
            members.append(_Member(Relationship.PARENT, Sex.FEMALE, min(mother_age, 104),
                                   self._surname(), ethnicity))
        elif self.rand() < 0.7:  # widowed mother, more often than father
            members.append(_Member(Relationship.PARENT, Sex.FEMALE, min(mother_age, 104),
                                   self._surname(), ethnicity))
        else:
            members.append(_Member(Relationship.PARENT, Sex.MALE, min(father_age, 104),
                                   head.surname, ethnicity))
        return members

    def _three_generations(self, size: int, ethnicity: str) -> list[_Member]:
        """An older couple, a married child and the child's spouse, and grandchildren."""
        if size == 3:
            husband, wife = self._couple(self._peaked(50, 60, 80), ethnicity)
            grandchild = _Member(Relationship.GRANDCHILD,
                                 Sex.MALE if self.rand() < 0.51 else Sex.FEMALE,
                                 self._between(0, 16), husband.surname, ethnicity)
            return [husband, wife, grandchild]
        grandchildren = size - 4
        youngest = self._between(0, 12)
        ages = self._children(grandchildren, youngest) if grandchildren else []
        in_law_mother_age = self._mother_age_for(ages[0]) if ages else self._peaked(22, 27, 40)
        son = self.rand() < 0.8  # a married son living with his parents, mostly
        if son:
            child_age = in_law_mother_age + self._spouse_gap()
            child = _Member(Relationship.CHILD, Sex.MALE, max(child_age, 18), "", ethnicity)
            in_law = _Member(Relationship.CHILD_IN_LAW, Sex.FEMALE, in_law_mother_age,
                             self._surname(), ethnicity)
        else:
            child = _Member(Relationship.CHILD, Sex.FEMALE, in_law_mother_age, "", ethnicity)
            in_law = _Member(Relationship.CHILD_IN_LAW, Sex.MALE,
                             max(in_law_mother_age + self._spouse_gap(), 18), self._surname(),
                             ethnicity)
        child_mother_age = in_law_mother_age if son else child.age
        mother_of_child = child.age + self._peaked(20, 25, 36)
        husband, wife = self._couple(mother_of_child + self._spouse_gap(), ethnicity)
        wife.age = min(mother_of_child, 104)
        husband.age = min(husband.age, 104)
        child.surname = husband.surname
        father_surname = child.surname if son else in_law.surname
        members = [husband, wife, child, in_law]
        for age in ages:
            sex = Sex.MALE if self.rand() < 0.51 else Sex.FEMALE
            members.append(_Member(Relationship.GRANDCHILD, sex, min(age, child_mother_age),
                                   father_surname, ethnicity))
        return self._with_head(members, self.rand() < 0.2)


# --- Persons ------------------------------------------------------------------------------------


class _People:
    """Turns members into person rows: names, dates, CCCDs and the rest."""

    def __init__(
        self, rng: random.Random, *, as_of: date, birth_codes: Sequence[str],
        used_ids: set[str], old_id_start: int,
    ) -> None:
        self.rng = rng
        self.rand = rng.random
        self.as_of = as_of
        self.as_of_ordinal = as_of.toordinal()
        self.certified_from = _DISABILITY_CERTIFIED_FROM.toordinal()
        self.birth_codes = list(birth_codes)
        self.other_codes = [code for code in BIRTH_PROVINCES if code not in self.birth_codes]
        self.used_ids = used_ids
        self.prefixes: dict[tuple[str, str, int], str] = {}
        self.old_id_next = old_id_start
        self.old_id_offset = rng.randrange(10**9)
        tables = _name_tables()
        self.tables = tables
        self.keys = tables.keys
        self.national_ids = 0
        self.disabled = 0

    def name(self, sex: str, birth_year: int, surname: str) -> tuple[str, str]:
        """Full name and its matching key; older people more often have Văn / Thị."""
        keys = self.keys
        entry = self.tables.given[sex].draw(self.rand)
        plain = 0.6 if birth_year < 1970 else 0.35 if birth_year < 2000 else 0.1
        if sex == Sex.FEMALE:
            plain += 0.15
        r = self.rand()
        if r < plain:
            middle = "Văn" if sex == Sex.MALE else "Thị"
            given = entry.split(" ", 1)[1]
            return (f"{surname} {middle} {given}",
                    f"{keys[surname]} {keys[middle]} {keys[given]}")
        if birth_year >= 1995 and r > 0.93:
            middle = self.tables.middles.draw(self.rand)
            return (f"{surname} {middle} {entry}",
                    f"{keys[surname]} {keys[middle]} {keys[entry]}")
        return f"{surname} {entry}", f"{keys[surname]} {keys[entry]}"

    def national_id(self, sex: str, birth_year: int) -> str:
        if self.rand() < _ID_BORN_ELSEWHERE or not self.birth_codes:
            code = self.other_codes[int(self.rand() * len(self.other_codes))]
        else:
            code = self.birth_codes[int(self.rand() * len(self.birth_codes))]
        prefix = self.prefixes.get((code, sex, birth_year))
        if prefix is None:
            prefix = national_id_prefix(province_code=code, sex=sex, birth_year=birth_year)
            self.prefixes[(code, sex, birth_year)] = prefix
        # Digits 7–12 are random; draw again on the rare number already in the table.
        for _attempt in range(1000):
            nid = f"{prefix}{int(self.rand() * SERIAL_LIMIT):06d}"
            if nid not in self.used_ids:
                self.used_ids.add(nid)
                self.national_ids += 1
                return nid
        raise DomainError(_("Không còn số CCCD trống cho tiền tố %(prefix)s.")
                          % {"prefix": prefix})

    def old_id(self) -> str:
        number = (_OLD_ID_MULTIPLIER * self.old_id_next + self.old_id_offset) % 10**9
        self.old_id_next += 1
        return f"{number:09d}"

    def phone(self) -> str:
        prefix = _PHONE_PREFIXES[int(self.rand() * len(_PHONE_PREFIXES))]
        return f"{prefix}{int(self.rand() * 10**8):08d}"

    def disability(self, age: int) -> str:
        rate = 0.012 if age < 15 else 0.025 if age < 60 else 0.08
        if self.rand() >= rate:
            return DisabilityLevel.NONE
        self.disabled += 1
        r = self.rand()
        if r < 0.6:
            return DisabilityLevel.MILD
        return DisabilityLevel.SEVERE if r < 0.9 else DisabilityLevel.ESPECIALLY_SEVERE

    def row(self, member: _Member) -> tuple[Any, ...]:
        """The generated fields of one person, in the order of ``_PERSON_FIELDS`` after the
        household and commune."""
        rand = self.rand
        age = member.age
        birth_ordinal = self.as_of_ordinal - int((age + rand()) * _DAYS_PER_YEAR)
        born = date.fromordinal(birth_ordinal)
        year = born.year
        precision = DatePrecision.DAY
        birth_date: date | None = born
        if year < _YEAR_ONLY_BEFORE and rand() < _YEAR_ONLY_SHARE:
            precision, birth_date = DatePrecision.YEAR, None
        elif year < _MONTH_ONLY_BEFORE and rand() < _MONTH_ONLY_SHARE:
            precision, birth_date = DatePrecision.MONTH, born.replace(day=1)
        sex = member.sex
        full_name, name_key = self.name(sex, year, member.surname)
        national_id = None
        if age >= _ID_MIN_AGE and rand() < _ID_SHARE:
            national_id = self.national_id(sex, year)
        old_id = self.old_id() if age >= 30 and rand() < _OLD_ID_SHARE else ""
        phone = self.phone() if age >= 16 and rand() < _PHONE_SHARE else ""
        disability = self.disability(age)
        certified_on = None
        if disability:
            start = max(self.certified_from, birth_ordinal)
            certified_on = date.fromordinal(start + int(rand() * (self.as_of_ordinal - start)))
        pension = PensionStatus.NONE
        if age >= 60 and rand() < _PENSION_SHARE:
            pension = (PensionStatus.PENSION if rand() < 0.85
                       else PensionStatus.SOCIAL_INSURANCE)
        return (full_name, name_key, sex, birth_date, precision, year, national_id, old_id,
                member.ethnicity, member.relationship, phone, disability, certified_on, pension,
                PersonStatus.LIVING)


_PERSON_FIELDS = (
    "household", "commune", "full_name", "name_key", "sex", "birth_date", "birth_precision",
    "birth_year", "national_id", "old_id_number", "ethnicity", "relationship", "phone",
    "disability_level", "disability_certified_on", "pension_status", "status",
)
_HOUSEHOLD_FIELDS = (
    "commune", "code", "residential_group", "address", "is_urban", "poverty_status",
    "poverty_year", "is_active",
)
_POVERTY_FIELDS = ("household", "year", "status")


class _Inserter:
    """One parameterised ``INSERT`` for a model; fields not given get their defaults."""

    def __init__(self, model: type[models.Model], fields: Sequence[str], *, now: Any) -> None:
        self.connection = connections[router.db_for_write(model)]
        meta = model._meta
        quote = self.connection.ops.quote_name
        given = [meta.get_field(name) for name in fields]
        rest = [field for field in meta.concrete_fields
                if not field.primary_key and field not in given]
        defaults: list[Any] = []
        for field in rest:
            if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
                defaults.append(now)
            else:
                defaults.append(field.get_db_prep_save(field.get_default(), self.connection))
        self.defaults = tuple(defaults)
        columns = ", ".join(quote(field.column) for field in [*given, *rest])
        placeholders = ", ".join(["%s"] * (len(given) + len(rest)))
        # Only model metadata is formatted into the statement; values are parameters.
        self.sql = (f"INSERT INTO {quote(meta.db_table)} ({columns}) "  # noqa: S608
                    f"VALUES ({placeholders})")

    def insert(self, rows: Iterator[tuple[Any, ...]] | Sequence[tuple[Any, ...]]) -> None:
        defaults = self.defaults
        with self.connection.cursor() as cursor:
            cursor.executemany(self.sql, (row + defaults for row in rows))


# --- The service --------------------------------------------------------------------------------


def _province(province: AdministrativeUnit | str) -> AdministrativeUnit:
    if isinstance(province, AdministrativeUnit):
        return province
    code = province.strip()
    if code.isdigit():
        code = code.zfill(2)
    unit = (AdministrativeUnit.objects.current()
            .filter(level=UnitLevel.PROVINCE, code=code).first())
    if unit is None:
        raise DomainError(_("Không có tỉnh, thành phố hiện hành mã “%(code)s”. Đã chạy "
                            "“ansinh geo-load” chưa?") % {"code": province}, field="province")
    return unit


def _birth_codes(province: AdministrativeUnit) -> list[str]:
    """The CCCD birth codes of the old provinces that make up ``province`` today."""
    codes = {
        code.zfill(3) for code in AdministrativeUnit.objects.filter(
            level=UnitLevel.PROVINCE, successor=province).values_list("official_code", flat=True)
    }
    codes.add(province.official_code.zfill(3))
    return sorted(code for code in codes if code in BIRTH_PROVINCES)


def _ensure_groups(
    communes: Sequence[AdministrativeUnit], rng: random.Random,
) -> tuple[dict[int, list[tuple[int, str]]], int]:
    """The active residential groups of each commune, creating 8–15 where there are none."""
    existing: dict[int, set[str]] = {commune.pk: set() for commune in communes}
    active: dict[int, list[tuple[int, str]]] = {commune.pk: [] for commune in communes}
    for pk, commune_id, name, is_active in ResidentialGroup.objects.filter(
            commune__in=communes).values_list("pk", "commune_id", "name", "is_active"):
        existing[commune_id].add(name)
        if is_active:
            active[commune_id].append((pk, name))
    to_create = []
    for commune in communes:
        if active[commune.pk]:
            continue
        rural = commune.kind == UnitKind.XA
        kind = ResidentialGroupKind.THON if rural else ResidentialGroupKind.TO_DAN_PHO
        word = "Thôn" if rural else "Tổ"
        wanted = 8 + int(rng.random() * 8)
        names = (f"{word} {n}" for n in itertools.count(1))
        fresh = itertools.islice((n for n in names if n not in existing[commune.pk]), wanted)
        to_create += [ResidentialGroup(commune=commune, kind=kind, name=name) for name in fresh]
    if to_create:
        ResidentialGroup.objects.bulk_create(to_create, batch_size=1000)
        for pk, commune_id, name in ResidentialGroup.objects.filter(
                commune__in=communes, is_active=True).values_list("pk", "commune_id", "name"):
            if not active[commune_id] or (pk, name) not in active[commune_id]:
                active[commune_id].append((pk, name))
    for groups in active.values():
        groups.sort(key=lambda group: _natural(group[1]))
    return active, len(to_create)


def _natural(name: str) -> tuple[str, int]:
    word, _space, number = name.rpartition(" ")
    return (word, int(number)) if number.isdigit() else (name, 0)


def _next_codes(communes: Sequence[AdministrativeUnit]) -> dict[int, int]:
    """The next free household number ("HGD-000123" → 124) in each commune."""
    after: dict[int, int] = {commune.pk: 1 for commune in communes}
    rows = (Household.objects.filter(commune__in=communes,
                                     code__startswith=HOUSEHOLD_CODE_PREFIX)
            .values("commune_id").annotate(last=models.Max("code"))
            .values_list("commune_id", "last"))
    for commune_id, last in rows:
        number = last.removeprefix(HOUSEHOLD_CODE_PREFIX)
        if number.isdigit():
            after[commune_id] = int(number) + 1
    return after


def _split(total: int, weights: Sequence[float]) -> list[int]:
    """``total`` split in proportion to ``weights``, exactly (largest remainders)."""
    scale = total / sum(weights)
    shares = [w * scale for w in weights]
    counts = [int(share) for share in shares]
    order = sorted(range(len(shares)), key=lambda i: counts[i] - shares[i])
    for i in order[:total - sum(counts)]:
        counts[i] += 1
    return counts


def synth_people(
    *,
    province: AdministrativeUnit | str,
    persons: int,
    communes: int | None = None,
    seed: int = 0,
    as_of: date | None = None,
) -> SynthSummary:
    """Add ``persons`` synthetic persons, in households, to the current communes of
    ``province`` (a unit or its code), spread over its first ``communes`` communes by code (all
    by default). Ages are counted at ``as_of`` (today by default).

    Records one ``registry.synth`` audit event. Raises ``DomainError`` on bad input.
    """
    if persons < 1:
        raise DomainError(_("Số nhân khẩu cần tạo phải lớn hơn 0."), field="persons")
    if communes is not None and communes < 1:
        raise DomainError(_("Số xã phải lớn hơn 0."), field="communes")
    unit = _province(province)
    commune_qs = (AdministrativeUnit.objects.current()
                  .filter(level=UnitLevel.COMMUNE, parent=unit).order_by("code"))
    chosen = list(commune_qs[:communes] if communes is not None else commune_qs)
    if not chosen:
        raise DomainError(_("%(province)s chưa có xã, phường nào. Đã chạy “ansinh geo-load” "
                            "chưa?") % {"province": unit.name}, field="province")
    as_of = as_of or timezone.localdate()
    rng = random.Random(seed)
    north = unit.official_code.isdigit() and int(unit.official_code) <= _LAST_NORTHERN_PROVINCE
    birth_codes = _birth_codes(unit)

    with transaction.atomic():
        groups, groups_created = _ensure_groups(chosen, rng)
        next_code = _next_codes(chosen)
        used_ids = set(Person.objects.exclude(national_id=None)
                       .values_list("national_id", flat=True))
        old_id_start = Person.objects.exclude(old_id_number="").count()
        families = _Families(rng, north=north)
        people = _People(rng, as_of=as_of, birth_codes=birth_codes, used_ids=used_ids,
                         old_id_start=old_id_start)
        targets = _split(persons, [0.5 + rng.random() for _c in chosen])
        writer = _Writer(people=people)
        for commune, target in zip(chosen, targets, strict=True):
            commune_groups = groups[commune.pk]
            house_numbers = [0] * len(commune_groups)
            number = next_code[commune.pk]
            while target > 0:
                size = min(int(families.sizes.draw(families.rand)), target)
                target -= size
                members = families.household(size)
                g = int(rng.random() * len(commune_groups))
                house_numbers[g] += 1 + int(rng.random() * 3)
                group_id, group_name = commune_groups[g]
                writer.add(
                    commune=commune, code=f"{HOUSEHOLD_CODE_PREFIX}{number:06d}",
                    group_id=group_id, address=f"Số {house_numbers[g]}, {group_name}",
                    poverty=_poverty(rng, members, as_of), members=members,
                )
                number += 1
        writer.flush()

        summary = SynthSummary(
            province=unit.code, province_name=unit.name, communes=len(chosen),
            households=writer.households, persons=writer.persons,
            groups_created=groups_created, national_ids=people.national_ids,
            poor_households=writer.poor, near_poor_households=writer.near_poor,
            disabled=people.disabled, seed=seed,
        )
        audit_record(
            actor=None, action="registry.synth", object_type="registry.person",
            object_label=_("Dữ liệu mô phỏng: %(province)s") % {"province": unit.name},
            unit=unit, changes=summary.as_dict(),
        )
    return summary


def _poverty(rng: random.Random, members: Sequence[_Member], as_of: date) -> tuple[str, int | None]:
    minority = members[0].ethnicity != KINH
    # Scaled so that the national shares hold with about 15% minority households.
    scale = (_MINORITY_POVERTY_FACTOR if minority else 1.0) / (
        0.85 + 0.15 * _MINORITY_POVERTY_FACTOR)
    r = rng.random()
    if r < _POOR_SHARE * scale:
        return PovertyStatus.POOR, as_of.year
    if r < (_POOR_SHARE + _NEAR_POOR_SHARE) * scale:
        return PovertyStatus.NEAR_POOR, as_of.year
    return PovertyStatus.NONE, None


class _Writer:
    """Collects households and their members, and writes them a batch at a time."""

    def __init__(self, *, people: _People) -> None:
        now = timezone.now()
        connection = connections[router.db_for_write(Person)]
        stamp = connection.ops.adapt_datetimefield_value(now)
        self.people = people
        self.households_sql = _Inserter(Household, _HOUSEHOLD_FIELDS, now=stamp)
        self.persons_sql = _Inserter(Person, _PERSON_FIELDS, now=stamp)
        self.poverty_sql = _Inserter(HouseholdPoverty, _POVERTY_FIELDS, now=stamp)
        self.batch: list[tuple[tuple[Any, ...], list[_Member]]] = []
        self.households = self.persons = self.poor = self.near_poor = 0

    def add(
        self, *, commune: AdministrativeUnit, code: str, group_id: int, address: str,
        poverty: tuple[str, int | None], members: list[_Member],
    ) -> None:
        status, year = poverty
        row = (commune.pk, code, group_id, address, commune.is_urban, status, year, True)
        self.batch.append((row, members))
        if len(self.batch) >= BATCH_HOUSEHOLDS:
            self.flush()

    def flush(self) -> None:
        if not self.batch:
            return
        last_id = Household.objects.aggregate(last=models.Max("id"))["last"] or 0
        self.households_sql.insert([row for row, _members in self.batch])
        communes = {row[0] for row, _members in self.batch}
        ids = {
            (commune_id, code): pk for commune_id, code, pk in Household.objects.filter(
                id__gt=last_id, commune_id__in=communes).values_list("commune_id", "code", "id")
        }
        row_of = self.people.row

        def person_rows() -> Iterator[tuple[Any, ...]]:
            for household, members in self.batch:
                household_id = ids[(household[0], household[1])]
                for member in members:
                    yield (household_id, household[0], *row_of(member))

        self.persons_sql.insert(person_rows())
        poverty = [(ids[(row[0], row[1])], row[6], row[5]) for row, _members in self.batch
                   if row[5]]
        if poverty:
            self.poverty_sql.insert(poverty)
        self.households += len(self.batch)
        self.persons += sum(len(members) for _row, members in self.batch)
        self.poor += sum(1 for row, _members in self.batch if row[5] == PovertyStatus.POOR)
        self.near_poor += sum(1 for row, _members in self.batch
                              if row[5] == PovertyStatus.NEAR_POOR)
        self.batch = []


__all__ = ["SynthSummary", "synth_people", "ETHNICITIES"]
