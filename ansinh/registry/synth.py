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
members). A million persons take about 40 s on SQLite on a 2-core machine, half of it SQLite
inserting the rows into the person table and its seven indexes.

For a given ``seed``, database state and ``as_of`` date the rows are the same. A second run adds
households after the codes already used in each commune, and CCCD numbers that are not yet in
the table, so it never clashes with what is there.
"""

from __future__ import annotations

import bisect
import itertools
import random
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from django.db import connections, models, router, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ansinh.core.audit import audit_record
from ansinh.core.bulk import BulkInserter, sqlite_bulk_cache, sqlite_indexes_rebuilt
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
    RegistrationBatch,
    RegistrationSource,
    Relationship,
    Sex,
    given_key_of,
)

# Choice values as plain strings, so that rows handed to the driver carry no enum members (they
# bypass the fields that would otherwise prepare them).
MALE, FEMALE = str(Sex.MALE.value), str(Sex.FEMALE.value)
HEAD, SPOUSE, CHILD = (str(Relationship.HEAD.value), str(Relationship.SPOUSE.value),
                       str(Relationship.CHILD.value))
PARENT, GRANDCHILD = str(Relationship.PARENT.value), str(Relationship.GRANDCHILD.value)
CHILD_IN_LAW = str(Relationship.CHILD_IN_LAW.value)
POOR, NEAR_POOR = str(PovertyStatus.POOR.value), str(PovertyStatus.NEAR_POOR.value)
NOT_POOR = str(PovertyStatus.NONE.value)
DAY, MONTH, YEAR = (str(DatePrecision.DAY.value), str(DatePrecision.MONTH.value),
                    str(DatePrecision.YEAR.value))
NO_DISABILITY, MILD = str(DisabilityLevel.NONE.value), str(DisabilityLevel.MILD.value)
SEVERE = str(DisabilityLevel.SEVERE.value)
ESPECIALLY_SEVERE = str(DisabilityLevel.ESPECIALLY_SEVERE.value)
NO_PENSION, PENSION = str(PensionStatus.NONE.value), str(PensionStatus.PENSION.value)
SOCIAL_INSURANCE = str(PensionStatus.SOCIAL_INSURANCE.value)
LIVING = str(PersonStatus.LIVING.value)

NAMES_DIR = Path(__file__).resolve().parent / "data" / "names"
HOUSEHOLD_CODE_PREFIX = "HGD-"
_LAST_HOUSEHOLD_NUMBER = 999_999  # six digits
# Households written per batch: bounds memory (about 100,000 persons a batch) without making
# the per-batch queries matter.
BATCH_HOUSEHOLDS = 30_000
# SQLite's default page cache (2 MB) is far smaller than the indexes a million-row insert walks;
# 64 MB for the duration of a run takes a million persons from 50–65 s to about 40 s (256 MB
# does no better).
_DAYS_PER_YEAR = 365.2425
_MAX_AGE = 104

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
_LAST_NORTHERN_PROVINCE = 44

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


# Vietnamese writes these combining marks, and only on vowels.
_VIETNAMESE_MARKS = frozenset({0x0300, 0x0301, 0x0302, 0x0303, 0x0306, 0x0309, 0x031B, 0x0323})


def _vietnamese_token(token: str) -> bool:
    """Rejects the mis-encoded rows of the source tables ("Buøi", "Ñoã")."""
    marks = _VIETNAMESE_MARKS
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
    # Two syllables, "middle given"; the few rows that carry a surname as well are left out.
    return sorted(entry for entry in entries
                  if len(entry.split()) == 2 and all(map(_vietnamese_token, entry.split())))


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
    for sex, file in ((MALE, "given_male.txt"), (FEMALE, "given_female.txt")):
        entries = _read_given(file)
        given[sex] = _Weighted(entries, [given_counts.get(e.split()[1], 1) for e in entries])
    # Only the common middle names (20 or more in the source): the rare rows are mostly
    # mis-encoded text ("Tuaán").
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
    """Draws the members of one household: relationships, sexes, ages and surnames.

    Ages are built from the youngest up (children's ages, then their mother's age at the
    first birth, then the spouse's age gap), so that every family is possible; the shares of
    the household types are tuned so that the whole population has Vietnam's age pyramid.
    """

    def __init__(self, rng: random.Random, *, north: bool) -> None:
        self.rng = rng
        self.rand = rng.random
        tables = _name_tables()
        self.surnames = tables.surnames_north if north else tables.surnames_south
        self.sizes = _Weighted(list(_HOUSEHOLD_SIZES), list(_HOUSEHOLD_SIZES.values()))
        self.ethnicities = _Weighted(
            [KINH, *_ETHNIC_SHARES],
            [100.0 - sum(_ETHNIC_SHARES.values()), *_ETHNIC_SHARES.values()],
        )

    # Small distributions.

    def _between(self, low: int, high: int) -> int:
        return low + int(self.rand() * (high - low + 1))

    def _peaked(self, low: int, mode: int, high: int) -> int:
        return int(self.rng.triangular(low, high + 1, mode))

    def _old_age(self, low: int, mean_extra: float = 11.0) -> int:
        # Survival thins the old: roughly exponential beyond ``low``.
        return min(low + int(self.rng.expovariate(1 / mean_extra)), _MAX_AGE)

    def _sex(self) -> str:
        return MALE if self.rand() < 0.51 else FEMALE

    def _surname(self) -> str:
        return str(self.surnames.draw(self.rand))

    def _spouse_gap(self) -> int:
        return self._peaked(-3, 3, 12)  # husband's age minus wife's

    def _children(self, count: int, youngest: int) -> list[int]:
        """Ages of ``count`` siblings, eldest first."""
        ages = [youngest]
        for _i in range(count - 1):
            ages.append(ages[-1] + self._peaked(1, 3, 7))
        return ages[::-1]

    def _youngest_child(self) -> int:
        # Most children at home are young; about a third of families keep a grown child.
        r = self.rand()
        if r < 0.25:
            return self._between(0, 4)
        if r < 0.66:
            return self._between(5, 14)
        return self._peaked(15, 17, 30)

    def _mother_age(self, eldest_child: int) -> int:
        return min(eldest_child + self._peaked(19, 24, 36), _MAX_AGE)

    def _couple(self, wife_age: int, ethnicity: str) -> list[_Member]:
        husband_age = min(max(18, wife_age + self._spouse_gap()), _MAX_AGE)
        wife_ethnicity = ethnicity if self.rand() < 0.92 else self.ethnicities.draw(self.rand)
        return [_Member(HEAD, MALE, husband_age, self._surname(), ethnicity),
                _Member(SPOUSE, FEMALE, wife_age, self._surname(), wife_ethnicity)]

    def _family(self, children: int, ethnicity: str, youngest: int | None = None) -> list[_Member]:
        """Husband (head), wife and ``children`` children."""
        if youngest is None:
            youngest = self._youngest_child()
        ages = self._children(children, youngest)
        members = self._couple(self._mother_age(ages[0]), ethnicity)
        surname = members[0].surname
        members += [_Member(CHILD, self._sex(), age, surname, ethnicity) for age in ages]
        return members

    @staticmethod
    def _wife_heads(members: list[_Member]) -> list[_Member]:
        """Make the wife (second) the head; the others' relationships do not change."""
        members[0].relationship, members[1].relationship = SPOUSE, HEAD
        members[0], members[1] = members[1], members[0]
        return members

    # Household types.

    def household(self, size: int) -> list[_Member]:
        ethnicity = str(self.ethnicities.draw(self.rand))
        r = self.rand()
        if size == 1:
            members = [self._single(ethnicity)]
        elif size == 2:
            if r < 0.27:
                members = self._couple(self._old_age(57, 12.0), ethnicity)
            elif r < 0.66:  # newly married, or their children have left
                members = self._couple(self._peaked(19, 24, 58), ethnicity)
            elif r < 0.88:
                members = self._lone_parent(1, ethnicity)
            else:
                members = self._grandparent_and_grandchild(ethnicity)
        elif r < 0.65:
            members = self._family(size - 2, ethnicity)
        elif r < 0.80:
            return self._with_head_parents(size, ethnicity)
        elif r < 0.93:
            members = self._three_generations(size, ethnicity)
        else:
            members = self._lone_parent(size - 1, ethnicity)
        if members[0].relationship == HEAD and len(members) > 1 and (
                members[1].relationship == SPOUSE and self.rand() < 0.2):
            return self._wife_heads(members)
        return members

    def _single(self, ethnicity: str) -> _Member:
        if self.rand() < 0.38:
            sex = FEMALE if self.rand() < 0.72 else MALE
            age = self._old_age(62, 15.0)
        else:
            sex = MALE if self.rand() < 0.55 else FEMALE
            age = self._peaked(18, 28, 59)
        return _Member(HEAD, sex, age, self._surname(), ethnicity)

    def _lone_parent(self, children: int, ethnicity: str) -> list[_Member]:
        ages = self._children(children, self._youngest_child())
        mother = self.rand() < 0.8
        age = self._mother_age(ages[0]) + (0 if mother else 3)
        parent = _Member(HEAD, FEMALE if mother else MALE, age, self._surname(), ethnicity)
        # The children carry their father's surname, whether or not he lives here.
        surname = self._surname() if mother else parent.surname
        return [parent, *(_Member(CHILD, self._sex(), a, surname, ethnicity) for a in ages)]

    def _grandparent_and_grandchild(self, ethnicity: str) -> list[_Member]:
        grandchild_age = self._between(2, 17)
        age = min(max(50, grandchild_age + self._peaked(45, 55, 75)), _MAX_AGE)
        sex = FEMALE if self.rand() < 0.7 else MALE
        grandparent = _Member(HEAD, sex, age, self._surname(), ethnicity)
        surname = grandparent.surname if sex == MALE else self._surname()
        return [grandparent,
                _Member(GRANDCHILD, self._sex(), grandchild_age, surname, ethnicity)]

    def _with_head_parents(self, size: int, ethnicity: str) -> list[_Member]:
        """A couple, their children, and one or both of the head's parents."""
        parents = 2 if size >= 5 and self.rand() < 0.45 else 1
        children = size - 2 - parents
        if children:
            # Young children: so that the head's parents are still of an age to be alive.
            members = self._family(children, ethnicity, youngest=self._between(0, 12))
        else:
            members = self._couple(self._peaked(22, 30, 48), ethnicity)
        if self.rand() < 0.15:
            self._wife_heads(members)
        head = members[0]
        father_age = min(head.age + self._peaked(22, 28, 40), _MAX_AGE)
        mother_age = min(max(head.age + 18, father_age - self._spouse_gap()), _MAX_AGE)
        father = _Member(PARENT, MALE, father_age, head.surname, ethnicity)
        mother = _Member(PARENT, FEMALE, mother_age, self._surname(), ethnicity)
        if parents == 2:
            return [*members, father, mother]
        # Widowed mothers outnumber widowed fathers.
        return [*members, mother if self.rand() < 0.7 else father]

    def _three_generations(self, size: int, ethnicity: str) -> list[_Member]:
        """An older couple, a married child with their spouse, and grandchildren."""
        if size == 3:
            members = self._couple(self._peaked(48, 58, 78), ethnicity)
            grandchild = _Member(GRANDCHILD, self._sex(), self._between(0, 16),
                                 members[0].surname, ethnicity)
            return [*members, grandchild]
        ages = self._children(size - 4, self._between(0, 12)) if size > 4 else []
        young_mother = self._mother_age(ages[0]) if ages else self._peaked(21, 26, 40)
        young_father = min(max(18, young_mother + self._spouse_gap()), _MAX_AGE)
        son = self.rand() < 0.8  # married sons stay with their parents more often
        child_age = young_father if son else young_mother
        members = self._couple(self._mother_age(child_age), ethnicity)
        child = _Member(CHILD, MALE if son else FEMALE, child_age, members[0].surname,
                        ethnicity)
        in_law = _Member(CHILD_IN_LAW, FEMALE if son else MALE,
                         young_mother if son else young_father, self._surname(), ethnicity)
        surname = child.surname if son else in_law.surname
        return [*members, child, in_law,
                *(_Member(GRANDCHILD, self._sex(), age, surname, ethnicity) for age in ages)]


# --- Persons ------------------------------------------------------------------------------------


class _People:
    """Turns members into person rows: names, dates, CCCDs and the rest."""

    def __init__(
        self, rng: random.Random, *, as_of: date, birth_codes: Sequence[str],
        used_ids: set[str], old_id_start: int,
    ) -> None:
        self.rand = rng.random
        self.as_of_ordinal = as_of.toordinal()
        self.certified_from = _DISABILITY_CERTIFIED_FROM.toordinal()
        self.birth_codes = list(birth_codes)
        self.other_codes = [code for code in BIRTH_PROVINCES if code not in self.birth_codes]
        self.used_ids = used_ids
        self.prefixes: dict[tuple[str, str, int], str] = {}
        self.old_id_next = old_id_start
        self.old_id_offset = rng.randrange(10**9)
        self.tables = _name_tables()
        self.keys = self.tables.keys
        self.national_ids = 0
        self.disabled = 0

    def name(self, sex: str, birth_year: int, surname: str) -> tuple[str, str]:
        """Full name and its matching key (``normalize_text`` of each part, joined)."""
        keys = self.keys
        entry = self.tables.given[sex].draw(self.rand)
        # Văn and Thị as the middle name grow rarer with each generation.
        plain = 0.6 if birth_year < 1970 else 0.35 if birth_year < 2000 else 0.1
        if sex == FEMALE:
            plain += 0.15
        r = self.rand()
        if r < plain:
            middle = "Văn" if sex == MALE else "Thị"
            given = entry.split(" ", 1)[1]
            return (f"{surname} {middle} {given}",
                    f"{keys[surname]} {keys[middle]} {keys[given]}")
        if birth_year >= 1995 and r > 0.93:  # four syllables: "Nguyễn Ngọc Bảo Anh"
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
        # Digits 7–12 are random; draw again on a number already taken.
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
            return NO_DISABILITY
        self.disabled += 1
        r = self.rand()
        return MILD if r < 0.6 else SEVERE if r < 0.9 else ESPECIALLY_SEVERE

    def row(self, member: _Member) -> tuple[Any, ...]:
        """A person's fields in the order of ``_PERSON_FIELDS``, after household and commune."""
        rand = self.rand
        age = member.age
        birth_ordinal = self.as_of_ordinal - int((age + rand()) * _DAYS_PER_YEAR)
        born = date.fromordinal(birth_ordinal)
        year = born.year
        precision = DAY
        birth_date: date | None = born
        if year < _YEAR_ONLY_BEFORE and rand() < _YEAR_ONLY_SHARE:
            precision, birth_date = YEAR, None
        elif year < _MONTH_ONLY_BEFORE and rand() < _MONTH_ONLY_SHARE:
            precision, birth_date = MONTH, born.replace(day=1)
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
        pension = NO_PENSION
        if age >= 60 and rand() < _PENSION_SHARE:
            pension = PENSION if rand() < 0.85 else SOCIAL_INSURANCE
        return (full_name, name_key, given_key_of(name_key), sex, birth_date, precision, year,
                national_id, old_id,
                member.ethnicity, member.relationship, phone, disability, certified_on, pension,
                LIVING)


_PERSON_FIELDS = (
    "household", "commune", "full_name", "name_key", "given_key", "sex", "birth_date",
    "birth_precision",
    "birth_year", "national_id", "old_id_number", "ethnicity", "relationship", "phone",
    "disability_level", "disability_certified_on", "pension_status", "status",
    "registration_batch",
)
_HOUSEHOLD_FIELDS = (
    "commune", "code", "residential_group", "address", "is_urban", "poverty_status",
    "poverty_year", "is_active",
)
_POVERTY_FIELDS = ("household", "year", "status")


# --- The service --------------------------------------------------------------------------------


def _province(province: AdministrativeUnit | str) -> AdministrativeUnit:
    if isinstance(province, AdministrativeUnit):
        if province.level != UnitLevel.PROVINCE or province.is_legacy:
            raise DomainError(_("%(unit)s không phải tỉnh, thành phố hiện hành.")
                              % {"unit": province.name}, field="province")
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
    """The active residential groups of each commune, creating 8–15 where there are none:
    "Thôn 1", "Thôn 2"… in a xã, "Tổ 1", "Tổ 2"… in a phường or đặc khu."""
    taken: dict[int, set[str]] = {commune.pk: set() for commune in communes}
    active: dict[int, list[tuple[int, str]]] = {commune.pk: [] for commune in communes}
    for pk, commune_id, name, is_active in ResidentialGroup.objects.filter(
            commune__in=communes).values_list("pk", "commune_id", "name", "is_active"):
        taken[commune_id].add(name)
        if is_active:
            active[commune_id].append((pk, name))
    to_create = []
    for commune in communes:
        if active[commune.pk]:
            continue
        rural = commune.kind == UnitKind.XA
        kind = ResidentialGroupKind.THON if rural else ResidentialGroupKind.TO_DAN_PHO
        word = "Thôn" if rural else "Tổ"
        names = (f"{word} {n}" for n in itertools.count(1))
        free = (name for name in names if name not in taken[commune.pk])
        wanted = 8 + int(rng.random() * 8)
        to_create += [ResidentialGroup(commune=commune, kind=kind, name=name)
                      for name in itertools.islice(free, wanted)]
    if to_create:
        ResidentialGroup.objects.bulk_create(to_create, batch_size=1000)
        filled = {group.commune_id for group in to_create}
        active.update(_group_lists(ResidentialGroup.objects.filter(
            commune_id__in=filled, is_active=True).values_list("pk", "commune_id", "name")))
    for groups in active.values():
        groups.sort(key=lambda group: _natural(group[1]))
    return active, len(to_create)


def _group_lists(rows: Iterable[tuple[int, int, str]]) -> dict[int, list[tuple[int, str]]]:
    lists: dict[int, list[tuple[int, str]]] = {}
    for pk, commune_id, name in rows:
        lists.setdefault(commune_id, []).append((pk, name))
    return lists


def _natural(name: str) -> tuple[str, int]:
    word, _space, number = name.rpartition(" ")
    return (word, int(number)) if number.isdigit() else (name, 0)


def _next_codes(communes: Sequence[AdministrativeUnit]) -> dict[int, int]:
    """The next free household number ("HGD-000123" → 124) in each commune.

    Only codes of exactly six digits count, so that the greatest code is the greatest number
    and codes typed another way ("HGD-A1") are not mistaken for one.
    """
    after: dict[int, int] = {commune.pk: 1 for commune in communes}
    rows = (Household.objects.filter(commune__in=communes,
                                     code__startswith=HOUSEHOLD_CODE_PREFIX,
                                     code__regex=rf"^{HOUSEHOLD_CODE_PREFIX}[0-9]{{6}}$")
            .values("commune_id").annotate(last=models.Max("code"))
            .values_list("commune_id", "last"))
    for commune_id, last in rows:
        after[commune_id] = int(last.removeprefix(HOUSEHOLD_CODE_PREFIX)) + 1
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
    commune: AdministrativeUnit | None = None,
    seed: int = 0,
    as_of: date | None = None,
) -> SynthSummary:
    """Add ``persons`` synthetic persons, in households, to the current communes of
    ``province`` (a unit or its code), spread over its first ``communes`` communes by code (all
    by default), or all in ``commune``. Ages are counted at ``as_of`` (today by default).

    Records one ``registry.synth`` audit event. Raises ``DomainError`` on bad input.
    """
    if persons < 1:
        raise DomainError(_("Số nhân khẩu cần tạo phải lớn hơn 0."), field="persons")
    if communes is not None and communes < 1:
        raise DomainError(_("Số xã phải lớn hơn 0."), field="communes")
    unit = _province(province)
    commune_qs = (AdministrativeUnit.objects.current()
                  .filter(level=UnitLevel.COMMUNE, parent=unit).order_by("code"))
    if commune is not None:
        commune_qs = commune_qs.filter(pk=commune.pk)
    chosen = list(commune_qs[:communes] if communes is not None else commune_qs)
    if not chosen:
        raise DomainError(_("%(province)s chưa có xã, phường nào. Đã chạy “ansinh geo-load” "
                            "chưa?") % {"province": unit.name}, field="province")
    as_of = as_of or timezone.localdate()
    rng = random.Random(seed)  # noqa: S311 - synthetic data, reproducible by seed
    north = unit.official_code.isdigit() and int(unit.official_code) <= _LAST_NORTHERN_PROVINCE
    birth_codes = _birth_codes(unit)

    connection = connections[router.db_for_write(Person)]
    with (sqlite_bulk_cache(connection), transaction.atomic(using=connection.alias),
          sqlite_indexes_rebuilt(Person, adding=persons)):
        # The groups draw from a stream of their own, so that the households come out the same
        # whether or not a commune already had its groups.
        groups, groups_created = _ensure_groups(
            chosen, random.Random(f"{seed}:groups"))  # noqa: S311
        next_code = _next_codes(chosen)
        used_ids = {nid for nid in Person.objects.exclude(national_id=None)
                    .values_list("national_id", flat=True).iterator(chunk_size=20_000) if nid}
        old_id_start = Person.objects.exclude(old_id_number="").count()
        families = _Families(rng, north=north)
        people = _People(rng, as_of=as_of, birth_codes=birth_codes, used_ids=used_ids,
                         old_id_start=old_id_start)
        targets = _split(persons, [0.5 + rng.random() for _c in chosen])
        batches = {c.pk: RegistrationBatch.objects.create(
            commune=c, source=RegistrationSource.SYNTHETIC, label=f"seed {seed}")
            for c in chosen}
        writer = _Writer(people=people, batches={pk: b.pk for pk, b in batches.items()})
        for commune, target in zip(chosen, targets, strict=True):
            commune_groups = groups[commune.pk]
            house_numbers = [0] * len(commune_groups)
            number = next_code[commune.pk]
            while target > 0:
                if number > _LAST_HOUSEHOLD_NUMBER:
                    raise DomainError(
                        _("%(commune)s đã dùng hết mã hộ %(prefix)s000001–999999.")
                        % {"commune": commune.name, "prefix": HOUSEHOLD_CODE_PREFIX})
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
        for commune_id, batch in batches.items():
            batch.persons_created = writer.persons_by_commune.get(commune_id, 0)
            batch.save(update_fields=["persons_created"])

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


def _poverty(
    rng: random.Random, members: Sequence[_Member], as_of: date,
) -> tuple[str, int | None]:
    minority = members[0].ethnicity != KINH
    # Scaled so that the national shares hold with about 15% minority households.
    scale = (_MINORITY_POVERTY_FACTOR if minority else 1.0) / (
        0.85 + 0.15 * _MINORITY_POVERTY_FACTOR)
    r = rng.random()
    if r < _POOR_SHARE * scale:
        return POOR, as_of.year
    if r < (_POOR_SHARE + _NEAR_POOR_SHARE) * scale:
        return NEAR_POOR, as_of.year
    return NOT_POOR, None


class _Writer:
    """Collects households and their members, and writes them a batch at a time."""

    def __init__(self, *, people: _People, batches: dict[int, int]) -> None:
        now = timezone.now()
        self.people = people
        self.households_sql = BulkInserter(Household, _HOUSEHOLD_FIELDS, now=now)
        self.persons_sql = BulkInserter(Person, _PERSON_FIELDS, now=now)
        self.poverty_sql = BulkInserter(HouseholdPoverty, _POVERTY_FIELDS, now=now)
        self.batch: list[tuple[tuple[Any, ...], list[_Member]]] = []
        self.batches = batches  # commune id → its registration batch id
        self.persons_by_commune: dict[int, int] = {}
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
        batches = self.batches

        def person_rows() -> Iterator[tuple[Any, ...]]:
            for household, members in self.batch:
                household_id = ids[(household[0], household[1])]
                batch_id = batches[household[0]]
                for member in members:
                    yield (household_id, household[0], *row_of(member), batch_id)

        self.persons_sql.insert(person_rows())
        poverty = [(ids[(row[0], row[1])], row[6], row[5]) for row, _members in self.batch
                   if row[5]]
        if poverty:
            self.poverty_sql.insert(poverty)
        self.households += len(self.batch)
        self.persons += sum(len(members) for _row, members in self.batch)
        for row, members in self.batch:
            self.persons_by_commune[row[0]] = self.persons_by_commune.get(row[0], 0) + len(members)
        self.poor += sum(1 for row, _members in self.batch if row[5] == POOR)
        self.near_poor += sum(1 for row, _members in self.batch if row[5] == NEAR_POOR)
        self.batch = []


