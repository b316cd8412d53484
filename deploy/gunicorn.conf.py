"""gunicorn for the site: ``gunicorn -c deploy/gunicorn.conf.py newsroom.wsgi``.

Two sync workers (one per core) forked from a master that has already loaded Django, the
URLs, the templates and rjieba's dictionary, so the workers share those pages of memory
instead of each loading its own copy. The master opens no database connection.
"""

import gc
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", "2"))
preload_app = True
max_requests = 10000  # a slow leak can never grow a worker for ever
max_requests_jitter = 1000
control_socket_disable = True  # nothing here uses it
accesslog = os.environ.get("GUNICORN_ACCESS_LOG")  # off unless asked: it costs throughput

WARM_TEMPLATES = (
    "home.html",
    "articles/article_detail.html",
    "articles/issue_detail.html",
    "articles/section_detail.html",
    "articles/author_detail.html",
    "articles/search.html",
    "events/programme_list.html",
)


def when_ready(server):
    """Load in the master what every worker would otherwise load on its first requests."""
    import rjieba
    from django.template.loader import get_template
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018  (imports every view module)
    rjieba.cut("解放区志愿服务")  # its dictionary is built on first use
    for name in WARM_TEMPLATES:
        get_template(name)
    gc.freeze()  # what is loaded now is never collected: the forks keep sharing its pages
