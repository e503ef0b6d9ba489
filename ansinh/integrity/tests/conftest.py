"""Fixtures the integrity tests share with the policy and payroll tests: the catalog loaded,
persons built with the facts a rule reads, benefits made directly."""

from ansinh.payroll.tests.conftest import make_benefit, officers  # noqa: F401  (fixtures)
from ansinh.policies.tests.conftest import catalog, make_person  # noqa: F401  (fixtures)
