"""A file chosen in a form that was refused is kept for the form's next try.

A browser never fills a file input again: a photo chosen with a headline too long was lost
with the refusal, and had to be found and chosen again. ``keep_upload`` stores the file
the refused form received (only if the file itself was accepted), and the form shown again
carries its signed name in a hidden field; ``kept_upload`` gives it back to the next post
that chooses no other file. The name is signed, so no post can name another stored file.
Kept files lie under ``kept-uploads/``; ``KEPT_UPLOAD_MAX_AGE`` bounds how long a name is
honoured, and each file kept sweeps away those older than that, which no name can reach
any more: the folder holds a day's refusals at most, with no task to schedule.
"""

import datetime
import uuid
from pathlib import PurePosixPath

from django.core import signing
from django.core.files import File
from django.core.files.storage import default_storage
from django.utils import timezone

SALT = "newsroom.kept_uploads"
KEPT_UPLOAD_MAX_AGE = 24 * 3600
FOLDER = "kept-uploads"


def keep_upload(form, field: str, hidden: str) -> str | None:
    """Store the file ``form`` received for ``field``, when the form was refused for other
    reasons, and put its signed name in the form's ``hidden`` field; the file's own name."""
    upload = form.files.get(form.add_prefix(field))
    if upload is None or field in form.errors:
        return None
    upload.seek(0)
    suffix = PurePosixPath(upload.name).suffix.lower()[:10]
    sweep()
    name = default_storage.save(f"{FOLDER}/{uuid.uuid4().hex}{suffix}", upload)
    form.data = form.data.copy()
    form.data[form.add_prefix(hidden)] = signing.dumps([name, upload.name], salt=SALT)
    return upload.name


def kept_upload(token: str) -> File | None:
    """The file a refused form kept under ``token``, named as it was uploaded; None for a
    token that is not one, too old, or whose file is gone."""
    try:
        name, original = signing.loads(token, salt=SALT, max_age=KEPT_UPLOAD_MAX_AGE)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    if not default_storage.exists(name):
        return None
    return File(default_storage.open(name, "rb"), name=original)


def sweep() -> int:
    """Delete the kept files older than any name honoured; return how many."""
    oldest = timezone.now() - datetime.timedelta(seconds=KEPT_UPLOAD_MAX_AGE)
    try:  # a folder is only a prefix in object storage: no exists() before listing
        names = default_storage.listdir(FOLDER)[1]
    except FileNotFoundError:  # none kept yet
        return 0
    swept = 0
    for name in names:
        path = f"{FOLDER}/{name}"
        try:
            if default_storage.get_modified_time(path) < oldest:
                default_storage.delete(path)
                swept += 1
        except FileNotFoundError:  # swept by another process meanwhile
            continue
    return swept
