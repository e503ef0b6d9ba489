from ansinh.policies.tests.conftest import catalog, make_person  # noqa: F401  (shared fixtures)
