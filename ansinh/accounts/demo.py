"""Demo accounts: their shared password is shown on the login page in demo mode only."""

DEMO_PASSWORD = "ansinh2026"  # noqa: S105 - published on the demo login page on purpose
DEMO_USERNAME_PREFIX = "demo."
