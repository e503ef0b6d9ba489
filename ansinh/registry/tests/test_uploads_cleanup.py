"""Uploaded lists hold personal data: `ansinh imports-cleanup` deletes the old ones."""

from __future__ import annotations

import os
import time

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from ansinh.core.models import AuditEvent
from ansinh.registry.imports.jobs import upload_store

pytestmark = pytest.mark.django_db


def test_lists_older_than_the_days_given_are_deleted_and_the_rest_kept(capsys):
    old = upload_store(data=b"Ho va ten;CCCD\n", filename="danh-sach-cu.csv")
    new = upload_store(data=b"Ho va ten;CCCD\n", filename="danh-sach-moi.csv")
    folder = settings.MEDIA_ROOT
    forty_days_ago = time.time() - 40 * 86400
    os.utime(folder / old, (forty_days_ago, forty_days_ago))
    call_command("imports_cleanup", "--days", "30")
    assert "Đã xóa 1 tệp" in capsys.readouterr().out
    assert not (folder / old).exists() and (folder / new).exists()
    event = AuditEvent.objects.get(action="registry.imports.cleanup")
    assert event.changes == {"files": 1, "older_than_days": 30}


def test_nothing_to_clean_and_a_bad_number_of_days(capsys):
    call_command("imports_cleanup")
    assert "Đã xóa 0 tệp" in capsys.readouterr().out
    with pytest.raises(CommandError, match="Số ngày phải từ 1"):
        call_command("imports_cleanup", "--days", "0")
