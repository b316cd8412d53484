"""Production: refuses to start without a real secret key and host list."""

import os
import re

from django.core.exceptions import ImproperlyConfigured

from . import *  # noqa: F403
from . import MEDIA_STORAGE, MIDDLEWARE, env_list

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if len(SECRET_KEY) < 50 or SECRET_KEY.startswith("dev-") or len(set(SECRET_KEY)) < 5:
    raise ImproperlyConfigured(
        "SECRET_KEY must be set to a random value of at least 50 characters in production."
    )
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
if not ALLOWED_HOSTS or "*" in ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must list the site's host names in production.")
SITE_URL = os.environ.get("SITE_URL") or f"https://{ALLOWED_HOSTS[0].lstrip('.')}"
if not re.fullmatch(r"https?://[^/?#\s]+/?", SITE_URL):
    raise ImproperlyConfigured(
        f"SITE_URL must be the site's address alone, as https://www.example.org: not {SITE_URL!r}."
    )

DEBUG = False
SECURE_SSL_REDIRECT = True
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = 31536000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
READER_CACHE_SECONDS = int(os.environ.get("READER_CACHE_SECONDS", "60"))

# Static files from the application itself, compressed and with hashed names that may be
# cached for ever; a proxy in front (deploy/nginx.conf) may serve them from disk instead.
MIDDLEWARE = [MIDDLEWARE[0], "whitenoise.middleware.WhiteNoiseMiddleware", *MIDDLEWARE[1:]]
STORAGES = {
    "default": MEDIA_STORAGE,  # S3-compatible storage when AWS_STORAGE_BUCKET_NAME is set
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
