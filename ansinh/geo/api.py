from __future__ import annotations

from datetime import date

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status
from ninja.pagination import LimitOffsetPagination, paginate

from ansinh.geo import selectors, services
from ansinh.geo.models import ResidentialGroupKind

router = Router(tags=["Địa bàn"])


class UnitOut(Schema):
    code: str
    official_code: str
    name: str
    kind: str
    level: str
    parent_code: str | None = Field(None, alias="parent.code")
    valid_from: date | None
    valid_to: date | None
    successor_code: str | None = Field(None, alias="successor.code")


class GroupOut(Schema):
    id: int
    commune_code: str = Field(..., alias="commune.code")
    kind: ResidentialGroupKind
    name: str
    is_active: bool


class GroupIn(Schema):
    commune_code: str
    kind: ResidentialGroupKind = ResidentialGroupKind.TO_DAN_PHO
    name: str = Field(..., min_length=1, max_length=120)


class GroupPatch(Schema):
    kind: ResidentialGroupKind | None = None
    name: str | None = Field(None, min_length=1, max_length=120)
    is_active: bool | None = None


@router.get("/units", response=list[UnitOut], summary="Đơn vị hành chính trong phạm vi")
@paginate(LimitOffsetPagination)
def units(request: HttpRequest, level: str = "", parent: str = "", q: str = "",
          legacy: bool = False) -> object:
    return selectors.units_for(request.user, level=level, parent_code=parent, query=q,
                               include_legacy=legacy).select_related("successor")


@router.get("/units/{code}", response=UnitOut, summary="Một đơn vị hành chính")
def unit(request: HttpRequest, code: str) -> object:
    return selectors.unit_get_for_user(request.user, code)


@router.get("/residential-groups", response=list[GroupOut], summary="Thôn, tổ dân phố")
@paginate(LimitOffsetPagination)
def groups(request: HttpRequest, commune: str = "") -> object:
    return selectors.groups_for(request.user, commune_code=commune)


@router.get("/residential-groups/{group_id}", response=GroupOut)
def group(request: HttpRequest, group_id: int) -> object:
    return selectors.group_get_for_user(request.user, group_id)


@router.post("/residential-groups", response={201: GroupOut}, summary="Thêm thôn, tổ dân phố")
def group_create(request: HttpRequest, payload: GroupIn) -> Status[object]:
    commune = selectors.unit_get_for_user(request.user, payload.commune_code)
    created = services.residential_group_create(
        actor=request.user, commune=commune, name=payload.name, kind=payload.kind,
    )
    return Status(201, created)


@router.patch("/residential-groups/{group_id}", response=GroupOut)
def group_update(request: HttpRequest, group_id: int, payload: GroupPatch) -> object:
    found = selectors.group_get_for_user(request.user, group_id)
    return services.residential_group_update(
        actor=request.user, group=found, **payload.dict(exclude_none=True),
    )
