"""The JSON API fuzzed from its own OpenAPI description with schemathesis (issue 15).

Every operation gets generated parameters, valid and invalid, sent in-process through the
WSGI application to a test database holding published and unpublished rows. No answer
may be a server error, nor differ from what the description promises: a declared status,
JSON of the declared schema. The seed is fixed and the examples few, so a run takes
seconds and fails the same way twice.
"""

import datetime

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.utils import timezone
from hypothesis import HealthCheck, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from articles.models import ArticleStatus, Column, Correction, Series
from newsroom.wsgi import application

from .factories import add_byline, make_article, make_author, make_performance

EXAMPLES_PER_OPERATION = 40
# Not negative_data_rejection: pydantic reads a number as a Unix time where the description
# says date or date-time (since=0.5 is 1970), which that check counts as invalid accepted.
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@pytest.fixture
def connection_kept_open():
    """The application closes the database connection around each request, as a server
    should; the test's transaction needs it open (Django's test client does the same)."""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


@pytest.fixture
def paper(db):
    """Published and unpublished rows of every kind the API shows."""
    column = Column.objects.create(name="民生一线")
    series = Series.objects.create(name="营商环境系列")
    published = make_article(column=column, series=series, series_number=1)
    draft = make_article(status=ArticleStatus.DRAFT, title="草稿")
    add_byline(published, make_author("詹长松"))
    add_byline(draft, make_author("未署名"))
    Correction.objects.create(article=published, text="日期有误，已更正。")
    today = timezone.localdate()
    make_performance(date=today + datetime.timedelta(days=2))
    make_performance(date=today - datetime.timedelta(days=2), article=published)
    make_performance(date=today, article=draft)


# Read at collection, through the application as a client reads it; it needs no database.
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)


@schema.parametrize()
@settings(
    max_examples=EXAMPLES_PER_OPERATION,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_every_answer_is_declared_and_none_is_a_server_error(case, paper, connection_kept_open):
    case.call_and_validate(headers={"Host": "testserver"}, checks=CHECKS)
