"""Fixtures shared with the policy tests."""

from ansinh.policies.tests.conftest import catalog, make_person  # noqa: F401
