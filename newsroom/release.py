"""Which release of the site is running: a fingerprint of its code, templates, translations,
static files and pinned dependencies, and of the address it names (``SITE_URL``). What one
release rendered and kept (an article's part) is never served by another: a deployment, or
a new site address, renders it again."""

import hashlib
from functools import cache
from pathlib import Path

from django.conf import settings

SOURCES = ("articles", "events", "newsroom", "locale", "requirements.lock")


@cache
def code_fingerprint() -> str:
    digest = hashlib.sha256()
    root = Path(settings.BASE_DIR)
    files = (
        path
        for source in SOURCES
        for path in ([root / source] if (root / source).is_file() else (root / source).rglob("*"))
        if path.is_file() and "__pycache__" not in path.parts
    )
    for path in sorted(files):
        digest.update(f"{path.relative_to(root)}\0".encode())
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def release() -> str:
    """This process's release: its code's fingerprint and the site's address, in 16 characters."""
    return hashlib.sha256(f"{code_fingerprint()} {settings.SITE_URL}".encode()).hexdigest()[:16]
