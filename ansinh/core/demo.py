"""What the demo installation is built from: each app may have a ``demo`` module whose
``populate(site)`` adds its part, in the order of INSTALLED_APPS (the ward before its people,
people before their dossiers). Every part is idempotent, so `ansinh demo` can run again."""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any

from django.apps import apps


@dataclass
class DemoSite:
    """What the parts share: the demo province and ward, the province's other demo communes,
    the demo users by username, each commune's officer and leader, and one line per part for
    the summary printed at the end."""

    province: Any = None
    commune: Any = None
    others: list[Any] = field(default_factory=list)
    users: dict[str, Any] = field(default_factory=dict)
    staff: dict[int, tuple[Any, Any]] = field(default_factory=dict)
    lines: list[str] = field(default_factory=list)

    def user(self, username: str) -> Any:
        return self.users[username]

    @property
    def communes(self) -> list[Any]:
        """The ward first, then the other communes."""
        return [self.commune, *self.others]

    def officer(self, commune: Any) -> Any:
        return self.staff[commune.pk][0]

    def leader(self, commune: Any) -> Any:
        return self.staff[commune.pk][1]


def demo_modules() -> Iterator[ModuleType]:
    for config in apps.get_app_configs():
        if not config.name.startswith("ansinh."):
            continue
        name = f"{config.name}.demo"
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name == name:
                continue
            raise
        if hasattr(module, "populate"):
            yield module
