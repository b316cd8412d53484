"""The production settings, with the static files collected under ``FAULT_STATIC_ROOT``.

``run_faults.sh`` serves the site with these: pages need the static files' manifest, and a
fault run collects its own copy in its output folder instead of writing the checkout's
``staticfiles/``. Nothing else differs from ``newsroom.settings.production``.
"""

import os

from newsroom.settings.production import *  # noqa: F403

STATIC_ROOT = os.environ["FAULT_STATIC_ROOT"]
