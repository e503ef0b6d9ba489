"""The signature list of a 5,000-line payment cycle, to PDF and to Excel, each beside the bare
tool rendering the same cells in the same run.

One ward of Hồ Chí Minh City gets 5,000 beneficiaries of social assistance in 25 residential
groups (households, persons and benefits written with ``bulk_create``), and its June 2025 cycle
is generated with ``cycle_generate``. Then:

- the PDF as a commune prints it (``printing.signature_list_pdf``: lines read and sorted, the
  Decree 30 header, group headings and subtotals, cells wrapped to their columns, the totals,
  the signatures, "Trang x/y" footers, all drawn with ReportLab) beside ReportLab drawing the
  same 5,000 rows of the same eight plain-string cells in bare tables (same column widths,
  landscape A4, the same margins): no paragraphs, no header row, no borders, no wrapping, one
  style command, the font (Liberation Serif, embedded: ReportLab's built-in Helvetica cannot
  draw the Vietnamese letters). The rows go in tables of 40, as the list's do: one table of
  5,000 rows takes more than twice as long, ReportLab making the rest of a table anew at every
  page break. That is the cost of the layout engine itself;
- the Excel sheet (``exports.signature_list_xlsx``) beside xlsxwriter writing the same cells
  with no formats, headings, subtotals or signatures.

``ANSINH_BENCH_PAYROLL_LINES`` changes the size. The target for the PDF is under 15 s.
"""

from __future__ import annotations

import io
import os
import random
from collections.abc import Callable, Iterator, Sequence
from datetime import date

import xlsxwriter
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate, Table, TableStyle

from ansinh.accounts.models import Role, User
from ansinh.accounts.services import assignment_create, user_create
from ansinh.cases.models import Benefit, Decision
from ansinh.core import pdf
from ansinh.core.text import format_money, normalize_text
from ansinh.geo.models import AdministrativeUnit, ResidentialGroup, UnitLevel
from ansinh.geo.services import units_load
from ansinh.payroll.exports import signature_list_xlsx
from ansinh.payroll.models import Cycle
from ansinh.payroll.printing import COLUMNS, signature_list, signature_list_pdf
from ansinh.payroll.services import cycle_generate
from ansinh.policies.catalog import catalog_load
from ansinh.policies.models import Category, Policy
from ansinh.registry.models import Household, Person, given_key_of

REPEAT = 1
LINES = int(os.environ.get("ANSINH_BENCH_PAYROLL_LINES", "5000"))
PROVINCE = "79"
GROUPS = 25
MONTH = date(2025, 6, 1)

SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng",
            "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý"]
MIDDLE = ["Văn", "Thị", "Hữu", "Đức", "Thị Thu", "Minh", "Ngọc", "Thanh", "Quốc", "Thị Mỹ"]
GIVEN = ["An", "Bình", "Cường", "Dũng", "Hà", "Hạnh", "Hoà", "Hùng", "Lan", "Linh", "Mai",
         "Nam", "Nga", "Phúc", "Quang", "Thảo", "Tuấn", "Yến", "Đức", "Khẳng", "Ánh", "Lụa"]
STREETS = ["Lê Lợi", "Hàm Nghi", "Pasteur", "Nam Kỳ Khởi Nghĩa", "Tôn Đức Thắng", "Đồng Khởi",
           "Lý Tự Trọng", "Nguyễn Huệ", "Hai Bà Trưng", "Võ Văn Kiệt"]
# (category, coefficient in hundredths): the mix of a ward's social assistance list.
BENEFITS = [("K5a", 150), ("K5b", 150), ("K5c", 250), ("K6", 150), ("K6", 200), ("K1", 150),
            ("K4", 100), ("K8", 150)]


def _officer(commune: AdministrativeUnit) -> User:
    user = User.objects.filter(username="bench.chitra").first()
    if user is None:
        user, _password = user_create(actor=None, username="bench.chitra",
                                      full_name="Trần Thị Lụa",
                                      password="mat-khau-do-tai-1")  # noqa: S106
        assignment_create(actor=None, user=user, role=Role.COMMUNE_OFFICER, unit=commune)
    user.refresh_from_db()
    user.assignment = user.active_assignment  # type: ignore[attr-defined]
    return user


def _beneficiaries(commune: AdministrativeUnit, officer: User, count: int) -> None:
    """``count`` persons in ``GROUPS`` residential groups, each with a running benefit."""
    rng = random.Random(11)
    groups = ResidentialGroup.objects.bulk_create(
        [ResidentialGroup(commune=commune, name=f"Tổ {n}") for n in range(1, GROUPS + 1)])
    households = Household.objects.bulk_create([
        Household(commune=commune, code=f"BCT{n:06d}", residential_group=groups[n % GROUPS],
                  address=f"Số {rng.randint(1, 300)} {rng.choice(STREETS)}")
        for n in range(count)], batch_size=1000)
    persons = []
    for household in households:
        name = f"{rng.choice(SURNAMES)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
        key = normalize_text(name)
        born = date(rng.randint(1930, 2015), rng.randint(1, 12), rng.randint(1, 28))
        persons.append(Person(household=household, commune=commune, full_name=name,
                              name_key=key, given_key=given_key_of(key),
                              sex=rng.choice("MF"), birth_date=born, birth_precision="day",
                              birth_year=born.year))
    persons = Person.objects.bulk_create(persons, batch_size=1000)
    policy = Policy.objects.get(code="TGXH")
    categories = {c.code: c for c in Category.objects.filter(policy=policy)}
    decision = Decision.objects.create(commune=commune, number="1/QĐ-UBND",
                                       signed_on=date(2025, 1, 2), signer_name="Lê Văn Đức",
                                       summary="Danh sách hưởng trợ cấp", recorded_by=officer)
    benefits = []
    for person in persons:
        code, hundredths = rng.choice(BENEFITS)
        benefits.append(Benefit(person=person, commune=commune, policy=policy,
                                category=categories[code], hundredths=hundredths,
                                multiplier=1, base_parameters="TGXH_MC", monthly_amount=0,
                                one_off=False, start_month=date(2025, 1, 1),
                                status="active", decision=decision))
    Benefit.objects.bulk_create(benefits, batch_size=1000)


def _cycle() -> tuple[Cycle, User]:
    if not AdministrativeUnit.objects.filter(code=PROVINCE, level=UnitLevel.PROVINCE).exists():
        units_load()
    catalog_load()
    commune = (AdministrativeUnit.objects.current()
               .filter(parent__code=PROVINCE, level=UnitLevel.COMMUNE).order_by("code").first())
    assert commune is not None
    officer = _officer(commune)
    policy = Policy.objects.get(code="TGXH")
    have = Benefit.objects.filter(commune=commune, policy=policy).count()
    if have != LINES:
        Cycle.objects.filter(commune=commune).delete()
        Benefit.objects.filter(commune=commune).delete()
        Decision.objects.filter(commune=commune).delete()
        Person.objects.filter(commune=commune).delete()
        Household.objects.filter(commune=commune).delete()
        ResidentialGroup.objects.filter(commune=commune).delete()
        _beneficiaries(commune, officer, LINES)
    cycle = cycle_generate(actor=officer, commune=commune, policy=policy, month=MONTH)
    assert cycle.lines_count == LINES, cycle.lines_count
    return cycle, officer


def _bare_pdf(cells: Sequence[Sequence[str]]) -> bytes:
    """The same cells in bare ReportLab tables: no header, groups, totals, borders or footer."""
    buffer = io.BytesIO()
    document = BaseDocTemplate(buffer, pagesize=pdf.PAGE)
    frame = Frame(pdf.LEFT, pdf.BOTTOM, pdf.WIDTH, pdf.PAGE[1] - pdf.TOP - pdf.BOTTOM,
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    document.addPageTemplates([PageTemplate(frames=[frame])])
    widths = [pdf.WIDTH * percent / 100 for _label, percent in COLUMNS]
    style = TableStyle([("FONT", (0, 0), (-1, -1), pdf.SERIF, 11.5)])
    document.build([Table(cells[start:start + 40], colWidths=widths, style=style)
                    for start in range(0, len(cells), 40)])
    return buffer.getvalue()


def cases() -> Iterator[tuple[str, Callable[[], object], str, Callable[[], object]]]:
    cycle, officer = _cycle()
    rows = signature_list(cycle).rows
    cells = [(str(r.number), r.full_name, str(r.birth_year or ""), r.address, r.category,
              r.basis, format_money(r.amount, unit=False), "") for r in rows]
    pdf.register_fonts()

    def list_pdf() -> None:
        assert signature_list_pdf(cycle, viewer=officer).startswith(b"%PDF")

    def bare_pdf() -> None:
        assert _bare_pdf(cells).startswith(b"%PDF")

    def xlsx() -> None:
        assert signature_list_xlsx(cycle)

    def bare_xlsx() -> None:
        buffer = io.BytesIO()
        book = xlsxwriter.Workbook(buffer, {"in_memory": True})
        sheet = book.add_worksheet()
        for index, row in enumerate(cells):
            sheet.write_row(index, 0, row)
        book.close()

    yield (f"signature list PDF, {len(rows):,} lines", list_pdf,
           "ReportLab: bare tables, same cells", bare_pdf)
    yield (f"signature list Excel, {len(rows):,} lines", xlsx,
           "xlsxwriter: same cells, no formats", bare_xlsx)
