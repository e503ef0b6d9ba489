"""Fixtures the portal tests share with the policy and payroll tests."""

from ansinh.payroll.tests.conftest import make_benefit, officers  # noqa: F401
from ansinh.policies.tests.conftest import catalog, make_person  # noqa: F401
