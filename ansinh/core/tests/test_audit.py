"""The audit log: one event per write, hash-chained, and a verifier that names tampering."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from ansinh.core.audit import audit_record, audit_verify
from ansinh.core.models import AuditEvent
from ansinh.geo.services import residential_group_create, residential_group_update

pytestmark = pytest.mark.django_db


@pytest.fixture
def history(cast):
    """A few real writes through services."""
    commune = cast.officer_a.assignment.unit
    group = residential_group_create(actor=cast.officer_a, commune=commune, name="Tổ 1")
    residential_group_update(actor=cast.officer_a, group=group, name="Tổ 1A")
    residential_group_create(actor=cast.officer_a, commune=commune, name="Tổ 2")
    return AuditEvent.objects.order_by("sequence")


def test_a_clean_chain_verifies(history, capsys):
    call_command("audit_verify")
    assert "Nhật ký toàn vẹn" in capsys.readouterr().out
    assert list(audit_verify()) == []


def test_each_event_links_to_the_previous_hash(history):
    events = list(history)
    assert [e.sequence for e in events] == list(range(1, len(events) + 1))
    for prev, event in zip(events, events[1:], strict=False):
        assert event.prev_hash == prev.hash


def _raw(sql: str, params: list[str | int]) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def test_editing_an_event_in_the_database_makes_verify_fail_and_name_it(history):
    target = history.get(action="geo.group.update")
    _raw("UPDATE core_auditevent SET changes = %s WHERE id = %s",
         ['{"name": {"before": "Tổ 1", "after": "Tổ 99"}}', target.pk])
    with pytest.raises(CommandError, match="KHÔNG toàn vẹn"):
        call_command("audit_verify")
    problems = list(audit_verify())
    assert [p.sequence for p in problems] == [target.sequence]
    assert f"Sự kiện #{target.sequence}" in problems[0].message
    assert "đã bị sửa" in problems[0].message


def test_deleting_an_event_in_the_database_is_named_as_a_gap(history):
    target = history.filter(action="geo.group.update").get()
    _raw("DELETE FROM core_auditevent WHERE id = %s", [target.pk])
    messages = [p.message for p in audit_verify()]
    assert any(f"Thiếu sự kiện #{target.sequence}" in m for m in messages)


def test_deleting_the_newest_event_is_caught_by_the_chain_head(history):
    newest = history.last()
    _raw("DELETE FROM core_auditevent WHERE id = %s", [newest.pk])
    messages = [p.message for p in audit_verify()]
    assert any("các sự kiện cuối đã bị xóa" in m for m in messages)


def test_an_inserted_event_breaks_the_link_and_is_named(history):
    first = history.first()
    _raw("UPDATE core_auditevent SET actor_label = %s WHERE id = %s", ["kẻ gian", first.pk])
    problems = list(audit_verify())
    assert problems and problems[0].sequence == first.sequence


def test_events_cannot_be_changed_or_deleted_through_the_orm(history):
    event = history.first()
    event.action = "sửa"
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()


def test_a_system_event_has_no_actor_and_says_so(db):
    event = audit_record(actor=None, action="test.system", object_type="x")
    assert event.actor is None and event.actor_label == "hệ thống"


def test_supervisors_read_the_log_of_their_commune_only(cast, history, client_as):
    other = residential_group_create(actor=cast.officer_b, commune=cast.officer_b.assignment.unit,
                                     name="Tổ B")
    page = client_as(cast.supervisor_a).get("/nhat-ky/").content.decode()
    assert "Tổ 1A" in page
    assert str(other) not in page
    admin_page = client_as(cast.admin).get("/nhat-ky/").content.decode()
    assert "Tổ B" in admin_page


def test_the_audit_page_filters_by_action_and_refuses_a_bad_date(cast, history, client_as):
    client = client_as(cast.officer_a)
    page = client.get("/nhat-ky/", {"hanh_dong": "geo.group.update"}).content.decode()
    assert "<del>Tổ 1</del> → Tổ 1A" in page and "geo.group.create" not in page
    bad = client.get("/nhat-ky/", {"tu_ngay": "31/02/2026"}).content.decode()
    assert "không phải ngày dd/mm/yyyy" in bad
