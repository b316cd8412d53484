"""Settings read from the environment, with safe defaults for a developer's machine.

Production adds its checks in ``newsroom.settings.production``.
"""

import datetime
import os
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from csp.constants import NONE, SELF, UNSAFE_INLINE
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("SECRET_KEY", "dev-only-insecure-key-never-used-in-production")
DEBUG = env_bool("DEBUG", True)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
# The site's own address, whatever name a request came by (a CDN's, another alias): every
# absolute link the site gives (canonical, Open Graph, JSON-LD, feeds, sitemaps, the API) and
# the names it gives for good, such as the theatre calendar's event UIDs, are made with it.
SITE_URL = os.environ.get("SITE_URL", "http://localhost:8000")
# The paper's pictures for machines, as static files: its logo (the publisher's in JSON-LD),
# and the card a shared link shows when its page has no photo of its own (Open Graph,
# Twitter cards, JSON-LD), the masthead set in Noto Serif CJK SC.
SITE_LOGO = {"path": "newsroom/logo.png", "width": 512, "height": 512, "alt": "解放区报"}
SITE_CARD = {"path": "newsroom/card.png", "width": 1200, "height": 630, "alt": "解放区报"}

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.postgres",
    "ckeditor",
    "ckeditor_uploader",
    "simple_history",  # versions of articles, issues and performances, to compare and restore
    "ninja",  # serves its bundled Swagger UI files, so the API docs use no CDN
    "csp",
    "axes",
    "newsroom",
    "articles",
    "events",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",  # ETag, and 304 to a matching request
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",  # who saved each version
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "newsroom.csp.ScopedCSPMiddleware",
    "newsroom.middleware.DatabaseUnavailableMiddleware",  # a 503 page, with the headers above
    "axes.middleware.AxesMiddleware",  # last, as django-axes asks
]

# A load balancer probes /healthz over plain HTTP inside the network: no HTTPS redirect for it.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

ROOT_URLCONF = "newsroom.urls"
WSGI_APPLICATION = "newsroom.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# SQLite in the project folder unless DATABASE_URL names another database.
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        # A kept connection is tested before reuse: after a database restart the site
        # reconnects by itself instead of failing until its processes are restarted.
        conn_health_checks=True,
    )
}
# Redis when REDIS_URL names one (shared by every worker), else each process's own memory.
# The cache is an optimisation (newsroom.shared_cache): a server that does not answer within
# the timeouts is done without, and left alone for SHARED_CACHE_RETRY_SECONDS.
REDIS_URL = os.environ.get("REDIS_URL")
CACHES = {
    "default": {
        "BACKEND": "newsroom.redis_cache.ReusedClientRedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": "newsroom",
        "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
    }
    if REDIS_URL
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
}
# What other apps attach to the articles a reader page shows, each a function given the list
# of them: the theatre's programmes. ``articles`` imports none of these apps.
ARTICLE_PAGE_EXTRAS = ["events.announcements.attach_acts"]
# What other apps check in an issue before it is published (articles.checklist), each a
# function given its articles that returns Problems: the theatre's venues' addresses.
ISSUE_CHECKLIST_EXTRAS = ["events.announcements.venues_without_address"]
# The hour (Asia/Shanghai) an issue of a day to come, published ahead, goes public on its day.
ISSUE_PUBLICATION_HOUR = int(os.environ.get("ISSUE_PUBLICATION_HOUR", "6"))
# How long anonymous readers' pages are kept (newsroom.caching) and proxies may reuse them,
# then serve them stale while they fetch a new one. 0 in development: edits show at once.
READER_CACHE_SECONDS = int(os.environ.get("READER_CACHE_SECONDS", "0"))
READER_STALE_SECONDS = int(os.environ.get("READER_STALE_SECONDS", "600"))
# How long a process trusts the content version it last read from the cache: an edit made
# through another process or server shows within this time (see newsroom.caching).
READER_VERSION_SECONDS = float(os.environ.get("READER_VERSION_SECONDS", "1"))
# How long past its freshness a page is kept, to be served while the database is down.
READER_STALE_IF_ERROR_SECONDS = int(os.environ.get("READER_STALE_IF_ERROR_SECONDS", "86400"))
SHARED_CACHE_RETRY_SECONDS = float(os.environ.get("SHARED_CACHE_RETRY_SECONDS", "1"))

# The project's own warnings (a cache or database outage) as dated lines on stderr: the
# gunicorn error log, a command's terminal. Django's own logging is left as it is.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"dated": {"format": "{asctime} {levelname} {name}: {message}", "style": "{"}},
    "handlers": {"stderr": {"class": "logging.StreamHandler", "formatter": "dated"}},
    "loggers": {
        app: {"handlers": ["stderr"], "level": "WARNING"}
        for app in ("newsroom", "articles", "events")
    },
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: refuses locked-out logins before checking
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("Simplified Chinese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))


def media_storage(bucket: str | None) -> tuple[dict, list[str]]:
    """Where uploads go, and the origins pages load them from besides the site itself.

    With a bucket named, S3-compatible object storage through django-storages: every app
    server sees the same files, and a CDN may serve them (AWS_S3_CUSTOM_DOMAIN). Else
    MEDIA_ROOT on this machine. The access keys are read by boto3 from AWS_ACCESS_KEY_ID
    and AWS_SECRET_ACCESS_KEY, never from these settings.
    """
    if not bucket:
        return {"BACKEND": "django.core.files.storage.FileSystemStorage"}, []
    endpoint = os.environ.get("AWS_S3_ENDPOINT_URL") or None  # e.g. MinIO; AWS when unset
    domain = os.environ.get("AWS_S3_CUSTOM_DOMAIN") or None
    region = os.environ.get("AWS_S3_REGION_NAME") or None
    options = {
        "bucket_name": bucket,
        "endpoint_url": endpoint,
        "region_name": region,
        "custom_domain": domain,
        "querystring_auth": False,  # published photos: plain URLs that a CDN may cache
        "file_overwrite": False,  # a second photo of the same name gets a name of its own
    }
    if domain:
        origins = [f"https://{domain}"]
    elif endpoint:
        origins = ["{0.scheme}://{0.netloc}".format(urlsplit(endpoint))]
    else:
        host = f"s3.{region}.amazonaws.com" if region else "s3.amazonaws.com"
        origins = [f"https://{bucket}.{host}"]
    return {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options}, origins


MEDIA_STORAGE, MEDIA_ORIGINS = media_storage(os.environ.get("AWS_STORAGE_BUCKET_NAME"))
STORAGES = {
    "default": MEDIA_STORAGE,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Rich text: CKEditor 4 in the admin only; everything it posts is cleaned with nh3
# (articles.sanitize) before it is stored, which is why ckeditor.W001 is silenced.
# Its pictures are stored under this path by newsroom.editor_uploads.
CKEDITOR_UPLOAD_PATH = "uploads/"
CKEDITOR_CONFIGS = {
    "default": {
        # No "browse server" button: django-ckeditor's file browser is not routed.
        "filebrowserBrowseUrl": "",
        "toolbar": "Custom",
        "toolbar_Custom": [
            ["Format", "Bold", "Italic"],
            ["NumberedList", "BulletedList", "Blockquote"],
            ["Link", "Unlink", "Image"],
            ["RemoveFormat", "Source"],
        ],
        "format_tags": "p;h2;h3",
        "height": 420,
        "width": "100%",
        "language": "zh-cn",
    }
}
SILENCED_SYSTEM_CHECKS = ["ckeditor.W001"]

ADMIN_URL = os.environ.get("ADMIN_URL", "admin/")
LOGIN_URL = "admin:login"

# Security headers on every response (production adds HSTS and secure cookies).
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True

# Content-Security-Policy (django-csp): reader pages run only the site's own files, and
# load nothing from anywhere else. newsroom.csp gives the admin and the CKEditor views,
# and the API docs, the looser policies below, on their paths only.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:", *MEDIA_ORIGINS],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
# CKEditor 4 writes inline styles and scripts (and its upload answers in an inline script
# inside a same-origin frame). Still same-origin only.
EDITOR_CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        **CONTENT_SECURITY_POLICY["DIRECTIVES"],
        "script-src": [SELF, UNSAFE_INLINE],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:", "blob:", *MEDIA_ORIGINS],
        "frame-ancestors": [SELF],
    }
}
# Swagger UI (the API docs) runs only its bundled files but sets inline styles.
API_DOCS_CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        **CONTENT_SECURITY_POLICY["DIRECTIVES"],
        "style-src": [SELF, UNSAFE_INLINE],
    }
}

# Login throttling (django-axes): five failures lock that user name from that address.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = datetime.timedelta(minutes=30)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "newsroom/locked_out.html"
AXES_CLIENT_IP_CALLABLE = "newsroom.client_ip.client_ip"
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))  # 1 behind deploy/nginx
