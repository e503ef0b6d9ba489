"""Persons and households in the API, scoped like the pages."""

from __future__ import annotations

from datetime import date

from django.http import HttpRequest
from ninja import Field, File, Form, Router, Schema, Status, UploadedFile
from ninja.pagination import LimitOffsetPagination, paginate

from ansinh.core.errors import DomainError
from ansinh.geo.selectors import unit_get_for_user
from ansinh.registry import selectors, services
from ansinh.registry.imports.jobs import import_check_allowed, import_start, upload_store
from ansinh.registry.imports.reader import MAX_BYTES
from ansinh.registry.models import (
    DatePrecision,
    DisabilityLevel,
    PensionStatus,
    Relationship,
    Sex,
)

router = Router(tags=["Hộ, nhân khẩu"])


class HouseholdOut(Schema):
    id: int
    commune_code: str = Field(..., alias="commune.code")
    code: str
    address: str
    residential_group_id: int | None
    is_urban: bool
    poverty_status: str
    poverty_year: int | None
    is_active: bool


class HouseholdIn(Schema):
    commune_code: str
    code: str = Field(..., min_length=1, max_length=32)
    address: str = ""
    residential_group_id: int | None = None
    is_urban: bool | None = None


class HouseholdPatch(Schema):
    code: str | None = Field(None, min_length=1, max_length=32)
    address: str | None = None
    is_urban: bool | None = None


class PersonOut(Schema):
    id: int
    household_id: int
    commune_code: str = Field(..., alias="commune.code")
    full_name: str
    sex: str
    birth_date: date | None
    birth_precision: str
    birth_year: int | None
    national_id: str | None
    relationship: str
    disability_level: str
    pension_status: str
    status: str
    status_date: date | None


class PersonIn(Schema):
    household_id: int
    full_name: str = Field(..., min_length=1, max_length=200)
    sex: Sex
    birth_date: date | None = None
    birth_year: int | None = None
    birth_precision: DatePrecision = DatePrecision.DAY
    national_id: str | None = None
    relationship: Relationship = Relationship.OTHER
    disability_level: DisabilityLevel = DisabilityLevel.NONE
    pension_status: PensionStatus = PensionStatus.NONE
    phone: str = ""


class PersonPatch(Schema):
    full_name: str | None = Field(None, min_length=1, max_length=200)
    sex: Sex | None = None
    birth_date: date | None = None
    birth_precision: DatePrecision | None = None
    national_id: str | None = None
    relationship: Relationship | None = None
    disability_level: DisabilityLevel | None = None
    pension_status: PensionStatus | None = None
    phone: str | None = None


@router.get("/persons", response=list[PersonOut], summary="Tìm, lọc nhân khẩu")
@paginate(LimitOffsetPagination)
def persons(request: HttpRequest, q: str = "", sex: str = "", status: str = "",
            age_band: str = "", household_id: int | None = None) -> object:
    return selectors.persons_for(request.user, selectors.PersonFilter(
        query=q, sex=sex, status=status, age_band=age_band, household=household_id,
    )).select_related("commune")


@router.get("/persons/{person_id}", response=PersonOut)
def person(request: HttpRequest, person_id: int) -> object:
    return selectors.person_get_for_user(request.user, person_id)


@router.post("/persons", response={201: PersonOut}, summary="Thêm nhân khẩu vào một hộ")
def person_create(request: HttpRequest, payload: PersonIn) -> Status[object]:
    data = payload.dict()
    household = selectors.household_get_for_user(request.user, data.pop("household_id"))
    return Status(201, services.person_create(actor=request.user, household=household, **data))


@router.patch("/persons/{person_id}", response=PersonOut)
def person_update(request: HttpRequest, person_id: int, payload: PersonPatch) -> object:
    found = selectors.person_get_for_user(request.user, person_id)
    if not selectors.person_is_current_here(request.user, found):
        raise DomainError("Người này đã chuyển khỏi địa bàn của bạn.")
    return services.person_update(actor=request.user, person=found,
                                  **payload.dict(exclude_unset=True))


@router.get("/households", response=list[HouseholdOut], summary="Tìm hộ gia đình")
@paginate(LimitOffsetPagination)
def households(request: HttpRequest, q: str = "") -> object:
    return selectors.households_for(request.user, selectors.HouseholdFilter(query=q))


@router.get("/households/{household_id}", response=HouseholdOut)
def household(request: HttpRequest, household_id: int) -> object:
    return selectors.household_get_for_user(request.user, household_id)


@router.post("/households", response={201: HouseholdOut}, summary="Thêm hộ gia đình")
def household_create(request: HttpRequest, payload: HouseholdIn) -> Status[object]:
    commune = unit_get_for_user(request.user, payload.commune_code)
    group = None
    if payload.residential_group_id is not None:
        group = commune.residential_groups.filter(pk=payload.residential_group_id).first()
        if group is None:
            raise DomainError("Thôn, tổ dân phố không thuộc xã này.",
                              field="residential_group_id")
    return Status(201, services.household_create(
        actor=request.user, commune=commune, code=payload.code, address=payload.address,
        residential_group=group, is_urban=payload.is_urban,
    ))


@router.patch("/households/{household_id}", response=HouseholdOut)
def household_update(request: HttpRequest, household_id: int,
                     payload: HouseholdPatch) -> object:
    found = selectors.household_get_for_user(request.user, household_id)
    return services.household_update(actor=request.user, household=found,
                                     **payload.dict(exclude_none=True))


class ImportStarted(Schema):
    job_id: int
    status_url: str


@router.post("/imports/people", response={202: ImportStarted},
             summary="Nhập danh sách nhân khẩu (chạy nền; theo dõi ở /jobs/{job_id})")
def import_people(request: HttpRequest, file: File[UploadedFile], commune_code: Form[str],
                  dry_run: Form[bool] = True) -> Status[ImportStarted]:
    commune = unit_get_for_user(request.user, commune_code)
    import_check_allowed(actor=request.user, commune=commune)
    if file.size and file.size > MAX_BYTES:
        raise DomainError(f"Tệp quá lớn; giới hạn {MAX_BYTES // (1024 * 1024)} MB.", field="file")
    stored = upload_store(data=file.read(), filename=file.name or "danh-sach")
    job = import_start(actor=request.user, commune=commune, stored_name=stored,
                       filename=file.name or "danh-sach", dry_run=dry_run)
    return Status(202, ImportStarted(job_id=job.pk, status_url=f"/api/v1/jobs/{job.pk}"))
