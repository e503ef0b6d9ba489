"""Fixtures the report tests share: the policy catalogue and the small province."""

from ansinh.policies.tests.conftest import catalog  # noqa: F401
from ansinh.reports.tests.province import province  # noqa: F401
