"""Data migrations carry existing rows over, both ways."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE_PIECES = [("events", "0002_jiefang_theatre")]
PIECES = [("events", "0003_pieces")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.fixture
def events_before_pieces(transactional_db):
    apps = migrate(BEFORE_PIECES)
    yield apps
    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())


def test_acts_become_pieces_and_back(events_before_pieces):
    apps = events_before_pieces
    programme, _created = apps.get_model("events", "Programme").objects.get_or_create(
        name="解放小剧场"
    )
    performance = apps.get_model("events", "Performance").objects.create(
        programme=programme, date=datetime.date(2022, 9, 3)
    )
    Act = apps.get_model("events", "Act")
    for order, (form, title) in enumerate(
        [("相声", "《学小曲》"), ("相声", " 学小曲 "), ("大返场", "")], start=1
    ):
        Act.objects.create(performance=performance, order=order, form=form, title=title)

    apps = migrate(PIECES)
    acts = apps.get_model("events", "Act").objects.order_by("order")
    assert [(act.piece.form, act.piece.title) for act in acts] == [
        ("相声", "学小曲"),
        ("相声", "学小曲"),
        ("大返场", ""),
    ]
    assert apps.get_model("events", "Piece").objects.count() == 2

    apps = migrate(BEFORE_PIECES)
    acts = apps.get_model("events", "Act").objects.order_by("order")
    assert [(act.form, act.title) for act in acts] == [
        ("相声", "学小曲"),
        ("相声", "学小曲"),
        ("大返场", ""),
    ]
