"""Settings for the test suite: the real settings, with static files served from the finders."""

from config.settings import *  # noqa: F403
from config.settings import STATIC_ROOT, STORAGES

STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
# Hashing passwords at full strength makes every test that creates a user slow.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
