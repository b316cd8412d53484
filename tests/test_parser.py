"""The issue parser: the seed page against docs/seed-format.md, then variants of the format.

Pure Python: runs with `-p no:django` too, and needs no database.
"""

import datetime
import json

import pytest

from newsroom.importing.parser import (
    Act,
    Byline,
    ParseError,
    ParseWarning,
    Performance,
    Series,
    parse_issue,
)

from .seed_expectations import SAMPLES, SEED, SEED_ARTICLES, SEED_DATE


def parse_sample(name: str, **options):
    path = SAMPLES / name
    return parse_issue(path.read_text(encoding="utf-8"), source=path.name, **options)


def parse(text: str, **options):
    """Parse a short issue text written in a test, dated like the seed unless told."""
    options.setdefault("issue_date", SEED_DATE)
    return parse_issue(text, source="t.txt", **options)


def article_text(article) -> str:
    return "\n".join([article.title, *article.subtitles, *article.paragraphs])


# Fixtures are function-scoped: a parse takes milliseconds, and mutmut credits a test with
# the code it reaches only if the test itself runs the parse (docs/testing.md).
@pytest.fixture
def seed():
    return parse_issue(SEED.read_text(encoding="utf-8"), source=SEED.name, issue_date=SEED_DATE)


# ---------------------------------------------------------------------------------------------
# The seed: every row of the table in docs/seed-format.md.


def test_seed_has_the_nine_articles_of_the_page_in_order(seed):
    assert [a.position for a in seed.articles] == list(range(1, 10))
    assert [a.title for a in seed.articles] == [row[1] for row in SEED_ARTICLES]


@pytest.mark.parametrize(
    ("position", "title", "section", "kind", "column", "bylines"),
    SEED_ARTICLES,
    ids=[f"article-{row[0]}" for row in SEED_ARTICLES],
)
def test_seed_article_matches_the_spec_table(seed, position, title, section, kind, column, bylines):
    article = seed.articles[position - 1]
    assert article.position == position
    assert article.title == title
    assert (article.section, article.kind) == (section, kind)
    assert article.column == column
    assert article.bylines == tuple(Byline(name, role) for name, role in bylines)


def test_first_article_keeps_its_two_subtitles_in_order(seed):
    assert seed.articles[0].subtitles == ("签约项目68个,总投资118亿元", "坚定两个依靠 闯出焦作新路")
    assert all(a.subtitles == () for a in seed.articles[1:])


def test_commentary_headline_splits_into_series_number_and_title(seed):
    commentary = seed.articles[5]
    assert commentary.series == Series("解放区优化营商环境系列评论", 4)
    assert commentary.title == "转变作风 优化环境"
    assert [a.position for a in seed.articles if a.series] == [6]


def test_commentary_byline_line_is_not_a_paragraph(seed):
    commentary = seed.articles[5]
    assert commentary.paragraphs[0].startswith("俗话说")
    assert not any("□" in p for p in commentary.paragraphs)


def test_photo_news_caption_is_its_only_paragraph(seed):
    photo = seed.articles[2]
    assert photo.paragraphs == (
        "为助力全国文明城市常态化创建,解放区焦西街街道电建社区志愿者在擦拭社会主义核心价值观观宣传牌。",
    )
    assert photo.dateline is None
    assert photo.photo_credit is None


def test_lead_becomes_dateline_and_bylines_not_body(seed):
    first = seed.articles[0]
    assert first.dateline == "本报讯"
    assert first.paragraphs[0].startswith("8月23日上午,解放区以企招商")
    assert not any(p.startswith("本报讯") for a in seed.articles for p in a.paragraphs)


def test_programme_has_two_performances_with_all_eleven_acts(seed):
    programme = seed.articles[8]
    assert programme.performances[0].date == datetime.date(2022, 9, 3)
    assert programme.performances[0].acts == (
        Act("快板书联唱", None, ("丁艺",)),
        Act("相声", "学小曲", ("展奇", "杨森")),
        Act("相声", "对坐数来宝", ("龙龙", "张鑫")),
        Act("相声", "对春联", ("志博", "程蕾")),
        Act("相声", "小红帽", ("展奇", "张鑫")),
        Act("大返场", None, ()),
    )
    assert programme.performances[1].date == datetime.date(2022, 9, 4)
    assert programme.performances[1].acts == (
        Act("快板书联唱", None, ("丁艺",)),
        Act("相声", "批歌曲", ("展奇", "杨森")),
        Act("相声", "说武术", ("龙龙", "志博")),
        Act("相声", "杨乃武写状", ("展奇", "张鑫")),
        Act("相声", "哪吒闹海", ("志博", "程蕾")),
    )
    assert len(programme.performances) == 2
    assert all(a.performances == () for a in seed.articles[:8])


def test_programme_keeps_its_introduction_and_names_its_venue(seed):
    programme = seed.articles[8]
    assert len(programme.paragraphs) == 1
    assert programme.paragraphs[0].startswith("“解放小剧场”由解放区融媒体中心主办")
    assert programme.programme == "解放小剧场"
    assert all(a.programme is None for a in seed.articles[:8])


def test_seed_names_seven_authors_and_seven_performers(seed):
    authors = {b.name for a in seed.articles for b in a.bylines}
    performers = {
        name
        for a in seed.articles
        for p in a.performances
        for act in p.acts
        for name in act.performers
    }
    assert authors == {"詹长松", "王孟阳", "李秀娟", "翟倩倩", "吴楠", "张瑞环", "强声"}
    assert performers == {"丁艺", "展奇", "杨森", "龙龙", "张鑫", "志博", "程蕾"}


@pytest.mark.parametrize(
    "phrase",
    [
        "长期关心支持解放区发展",
        "真正在建好用好上下功夫",
        "社会组织撬动",
        "爱读书、读好书、多读书",
        "“平安法治星”,以“护苗”",
        "详细讲解了审计工作规范化",
    ],
)
def test_column_break_inside_a_phrase_is_joined(seed, phrase):
    holding = [p for a in seed.articles for p in a.paragraphs if phrase in p]
    assert len(holding) == 1


def test_three_column_breaks_of_article_five_give_three_paragraphs(seed):
    assert len(seed.articles[4].paragraphs) == 3


def test_closing_quote_alone_does_not_end_a_paragraph(seed):
    assert any("无私奉献”的南水北调焦作精神" in p for p in seed.articles[7].paragraphs)


def test_page_furniture_is_never_an_article_or_part_of_one(seed):
    text = "\n".join(article_text(a) for a in seed.articles)
    assert "扫一扫" not in text
    assert "二维码" not in text
    assert seed.articles[-1].paragraphs[-1].endswith("繁荣。")


def test_repeated_passage_warns_on_the_commentary_only(seed):
    assert {w.article for w in seed.warnings} == {6}
    assert all(w.kind == "duplicate-text" for w in seed.warnings)
    texts = [w.text for w in seed.warnings]
    assert "就往哪里流、项目就在哪里建、产业就在哪里兴" in texts
    assert len(texts) == len(set(texts))


def test_repeated_passage_is_kept_as_printed(seed):
    assert "不能选择“躺就往哪里流、项目就在哪里建" in seed.articles[5].paragraphs[1]


def test_headline_line_numbers_point_into_the_source(seed):
    lines = SEED.read_text(encoding="utf-8").split("\n")
    for article in seed.articles:
        assert article.title in lines[article.line - 1]
    assert [a.line for a in seed.articles] == [3, 23, 35, 41, 51, 67, 79, 91, 103]


# ---------------------------------------------------------------------------------------------
# The issue date.


def test_seed_date_is_inferred_from_its_year_and_latest_dateline():
    issue = parse_issue(SEED.read_text(encoding="utf-8"), source=SEED.name)
    assert issue.date == datetime.date(2022, 8, 23)
    assert issue.date_inferred is True


def test_given_date_is_used_and_not_marked_inferred(seed):
    assert seed.date == SEED_DATE
    assert seed.date_inferred is False


def test_inferred_year_is_the_latest_plausible_one():
    text = (
        "# 标题\n\n本报讯(记者张三)3月5日,2021年和2022年的数据显示,到2099年将翻一番。\n\n"
        "# 另一篇\n\n本报讯(记者李四)3月4日,会议召开。\n"
    )
    assert parse_issue(text, source="t.txt").date == datetime.date(2022, 3, 5)


@pytest.mark.parametrize("year", [1949, datetime.date.today().year])
def test_years_from_1949_to_this_year_are_plausible(year):
    text = f"# 标题\n\n本报讯(记者张三)3月5日,{year}年的老照片在社区展出。\n"
    assert parse_issue(text, source="t.txt").date == datetime.date(year, 3, 5)


def test_impossible_dateline_gives_way_to_the_next_valid_one():
    text = (
        "# 标题\n\n本报讯(记者张三)2月30日,2022年的会议召开。\n\n"
        "# 另一篇\n\n本报讯(记者李四)3月1日,会议召开。\n"
    )
    assert parse_issue(text, source="t.txt").date == datetime.date(2022, 3, 1)


@pytest.mark.parametrize(
    "text",
    [
        "# 标题\n\n本报讯(记者张三)8月23日,会议召开。\n",
        f"# 标题\n\n本报讯(记者张三)8月23日,1948年和{datetime.date.today().year + 1}年。\n",
    ],
    ids=["no-year", "implausible-years"],
)
def test_date_without_a_plausible_year_cannot_be_inferred(text):
    with pytest.raises(ParseError) as raised:
        parse_issue(text, source="t.txt")
    assert str(raised.value) == (
        "cannot infer the issue date: the text names no year; give it with --date YYYY-MM-DD"
    )


def test_date_without_a_dated_dateline_cannot_be_inferred():
    text = "# 标题\n\n本报讯(记者张三)近日,2022年的会议召开。\n"
    with pytest.raises(ParseError) as raised:
        parse_issue(text, source="t.txt")
    assert str(raised.value) == (
        "cannot infer the issue date: no dateline such as 本报讯(…)8月23日; "
        "give it with --date YYYY-MM-DD"
    )


# ---------------------------------------------------------------------------------------------
# The JSON shape.


def test_json_has_the_documented_shape(seed):
    data = seed.to_json()
    assert set(data) == {"source", "issue", "page", "articles", "warnings"}
    assert data["page"] is None  # the seed has no page header (import_issue says page 1)
    assert data["source"] == "000_9095635fa0921b51.txt"
    assert data["issue"] == {"date": "2022-08-25", "date_inferred": False}
    article_keys = {
        "position", "section", "kind", "column", "title", "subtitles", "series", "dateline",
        "bylines", "paragraphs", "performances", "photo_credit", "programme", "line",
    }  # fmt: skip
    assert all(set(a) == article_keys for a in data["articles"])
    assert data["articles"][0]["bylines"][1] == {"name": "王孟阳", "role": "correspondent"}
    assert data["articles"][5]["series"] == {"name": "解放区优化营商环境系列评论", "number": 4}
    assert data["articles"][0]["series"] is None
    first_day = data["articles"][8]["performances"][0]
    assert first_day["date"] == "2022-09-03"
    assert first_day["acts"][1] == {
        "form": "相声",
        "title": "学小曲",
        "performers": ["展奇", "杨森"],
    }
    assert first_day["acts"][5] == {"form": "大返场", "title": None, "performers": []}
    assert data["warnings"][0]["article"] == 6
    assert set(data["warnings"][0]) == {"article", "kind", "text"}


def test_json_round_trips_as_unescaped_utf8(seed):
    dumped = json.dumps(seed.to_json(), ensure_ascii=False)
    assert "解放区召开十一届区委常委会" in dumped
    assert json.loads(dumped) == seed.to_json()


# ---------------------------------------------------------------------------------------------
# Variants: full-width punctuation and spaces, other lead forms.


@pytest.fixture
def fullwidth():
    return parse_sample("variant_fullwidth.txt")


def test_fullwidth_issue_date_is_inferred(fullwidth):
    assert (fullwidth.date, fullwidth.date_inferred) == (datetime.date(2023, 3, 14), True)


def test_fullwidth_lead_with_spaces_gives_roles_in_order(fullwidth):
    assert fullwidth.articles[0].bylines == (
        Byline("詹长松", "reporter"),
        Byline("王孟阳", "correspondent"),
        Byline("李秀娟", "correspondent"),
    )


def test_fullwidth_subtitle_is_kept_as_printed(fullwidth):
    assert fullwidth.articles[0].subtitles == ("聚焦企业所需\u3000提升服务质效",)


def test_fullwidth_comma_at_a_column_break_joins_paragraphs(fullwidth):
    assert fullwidth.articles[0].paragraphs == (
        "3月14日下午，解放区召开优化营商环境工作推进会。会议通报了2023年一季度全区营商环境"
        "评价指标完成情况，安排部署了下一阶段重点工作。",
        "会议强调，要坚持问题导向，对照评价指标逐项查摆短板弱项，以“马上就办”的作风解决企业"
        "反映的“急难愁盼”问题，让企业办事更省心、更顺心。",
    )


def test_lead_with_only_correspondents_and_a_spaced_out_name(fullwidth):
    article = fullwidth.articles[1]
    assert article.bylines == (Byline("赵敏", "correspondent"), Byline("刘晓东", "correspondent"))
    assert article.dateline == "本报讯"


def test_exclamation_before_closing_quote_ends_a_paragraph(fullwidth):
    paragraphs = fullwidth.articles[1].paragraphs
    assert paragraphs[1].endswith("我们打心眼里高兴！”")
    assert paragraphs[2] == "家住老旧小区的刘大爷说。"


def test_reporter_line_without_dateline_gives_bylines(fullwidth):
    article = fullwidth.articles[2]
    assert article.bylines == (Byline("翟倩倩", "reporter"), Byline("吴楠", "correspondent"))
    assert article.dateline is None
    assert article.kind == "news"
    assert article.paragraphs[0].startswith("近日，上白作街道")


def test_fullwidth_bracketed_series_number_and_spaced_pen_name(fullwidth):
    commentary = fullwidth.articles[3]
    assert commentary.series == Series("解放区文明创建系列谈", 3)
    assert commentary.title == "从身边小事做起"
    assert commentary.bylines == (Byline("解放言", "commentator"),)
    assert (commentary.section, commentary.kind) == ("commentary", "commentary")
    assert len(commentary.paragraphs) == 1


def test_furniture_with_a_fullwidth_space_is_dropped(fullwidth):
    assert len(fullwidth.articles) == 4
    assert not any("扫一扫" in article_text(a) for a in fullwidth.articles)


@pytest.mark.parametrize(
    ("credits", "bylines"),
    [
        ("张三", [("张三", "reporter")]),
        ("张三 通讯员 李四", [("张三", "reporter"), ("李四", "correspondent")]),
        (
            "记者 张三 通讯员 李四 见习记者 王五",
            [("张三", "reporter"), ("李四", "correspondent"), ("王五", "reporter")],
        ),
    ],
    ids=["name-only", "name-then-role-word", "three-role-words"],
)
def test_lead_names_are_reporters_until_a_role_word_says_otherwise(credits, bylines):
    article = parse(f"# 标题\n\n本报讯({credits})8月1日,会议召开。\n").articles[0]
    assert article.bylines == tuple(Byline(name, role) for name, role in bylines)


def test_lead_without_credits_is_a_dateline_without_bylines():
    article = parse("# 标题\n\n本报讯 8月1日,会议召开。\n").articles[0]
    assert (article.dateline, article.bylines) == ("本报讯", ())
    assert article.paragraphs == ("8月1日,会议召开。",)


def test_lead_form_after_the_first_paragraph_is_text():
    text = "# 标题\n\n近日,社区举办活动。\n\n本报讯(记者张三)8月1日,会议召开。\n"
    article = parse(text).articles[0]
    assert (article.dateline, article.bylines) == (None, ())
    assert article.paragraphs == ("近日,社区举办活动。", "本报讯(记者张三)8月1日,会议召开。")


@pytest.mark.parametrize(
    "lead",
    ["本报讯(记者李四)8月1日,会议召开。", "本报记者 李四\n\n8月1日,会议召开。"],
    ids=["lead", "reporter-line"],
)
def test_credit_above_the_lead_keeps_its_photographer(lead):
    article = parse(f"# 标题\n\n本报记者 张三 摄\n\n{lead}\n").articles[0]
    assert article.bylines == (Byline("张三", "photographer"), Byline("李四", "reporter"))
    assert article.photo_credit == "本报记者 张三 摄"
    assert article.paragraphs == ("8月1日,会议召开。",)


def test_line_opening_with_a_role_word_but_no_names_is_text():
    text = "# 标题\n\n记者近日从区教育局获悉\n\n,今年秋季新建学校3所。\n"
    article = parse(text).articles[0]
    assert article.bylines == ()
    assert article.paragraphs == ("记者近日从区教育局获悉,今年秋季新建学校3所。",)


@pytest.mark.parametrize(
    "text",
    [
        "# 春光正好\n\n本报记者 张三\n\n市民在龙源湖公园游玩赏花。\n\n本报记者 张三 摄\n",
        "# 解放区高质量发展系列报道③ 数字经济跑出“加速度”\n\n本报记者 张三\n\n会议召开。\n",
    ],
    ids=["with-a-photo-credit", "with-a-series"],
)
def test_reporter_line_makes_a_report_not_a_photo_or_commentary(text):
    article = parse(text).articles[0]
    assert (article.section, article.kind) == ("community-news", "news")
    assert article.bylines[0] == Byline("张三", "reporter")


# ---------------------------------------------------------------------------------------------
# Variants: photo credits.


@pytest.fixture
def photos():
    return parse_sample("variant_photo_credit.txt")


def test_credit_line_under_a_caption_names_the_photographer(photos):
    photo = photos.articles[0]
    assert photo.kind == "photo"
    assert photo.paragraphs == ("5月6日，市民在解放区龙源湖公园游玩赏花，享受美好春光。",)
    assert photo.photo_credit == "本报记者 张三 摄"
    assert photo.bylines == (Byline("张三", "photographer"),)


def test_credit_at_the_end_of_the_caption_is_split_off(photos):
    photo = photos.articles[1]
    assert photo.kind == "photo"
    assert photo.paragraphs[0].endswith("讲解常见诈骗手段。")
    assert photo.photo_credit == "（通讯员 李四 摄）"
    assert photo.bylines == (Byline("李四", "photographer"),)


def test_report_with_a_credit_stays_news_and_credits_the_photographer(photos):
    report = photos.articles[2]
    assert (report.kind, report.section) == ("news", "community-news")
    assert report.bylines == (Byline("翟倩倩", "reporter"), Byline("翟倩倩", "photographer"))
    assert report.photo_credit == "本报记者 翟倩倩 摄"
    assert len(report.paragraphs) == 2


CAPTION = "5月6日，市民在解放区龙源湖公园游玩赏花，享受美好春光。"


@pytest.mark.parametrize(
    "credit",
    ["张三 摄", "（张三摄）", "(张三摄)", "本报记者张三摄"],
    ids=["space", "fullwidth-brackets", "ascii-brackets", "role-word"],
)
def test_credit_needs_a_space_brackets_or_a_role_word_before_she(credit):
    photo = parse(f"# 春光正好\n\n\n{CAPTION}\n\n{credit}\n").articles[0]
    assert (photo.kind, photo.paragraphs) == ("photo", (CAPTION,))
    assert photo.photo_credit == credit
    assert photo.bylines == (Byline("张三", "photographer"),)


@pytest.mark.parametrize(
    "line",
    ["张三摄", "（解放区融媒体中心 摄）"],
    ids=["bare-she", "not-a-person"],
)
def test_line_ending_in_she_without_a_credited_person_is_text(line):
    article = parse(f"# 春光正好\n\n\n{CAPTION}\n\n{line}\n").articles[0]
    assert (article.photo_credit, article.bylines) == (None, ())
    assert article.paragraphs == (CAPTION, line)


@pytest.mark.parametrize("marker", ["", "- "], ids=["text-line", "list-item"])
@pytest.mark.parametrize(
    ("blank_lines", "kind"), [(0, "news"), (1, "news"), (2, "photo"), (3, "photo")]
)
def test_lone_caption_is_a_photo_after_the_gap_a_missing_picture_leaves(marker, blank_lines, kind):
    text = "# 春光正好\n" + "\n" * blank_lines + f"{marker}{CAPTION}\n"
    article = parse(text).articles[0]
    assert (article.kind, article.paragraphs) == (kind, (CAPTION,))


def test_bare_hash_line_counts_as_a_blank_line():
    issue = parse(f"# 春光正好\n#\n\n{CAPTION}\n")
    assert [(a.title, a.kind) for a in issue.articles] == [("春光正好", "photo")]
    assert issue.warnings == ()


def test_two_paragraphs_under_a_gap_are_news_not_a_photo():
    text = f"# 春光正好\n\n\n{CAPTION}\n\n公园里游人如织。\n"
    assert parse(text).articles[0].kind == "news"


def test_sentence_cut_before_a_word_ending_in_she_is_not_a_credit():
    text = "# 标题\n\n本报讯(记者张三)8月1日,2022年的影像由专业团队拍摄\n\n完成。\n"
    article = parse_issue(text, source="t.txt").articles[0]
    assert article.photo_credit is None
    assert article.paragraphs == ("8月1日,2022年的影像由专业团队拍摄完成。",)


# ---------------------------------------------------------------------------------------------
# Variants: columns.

COLUMN_REGISTRY = ("基层动态", "社区风采")


@pytest.fixture
def columns():
    return parse_sample("variant_columns.txt", columns=COLUMN_REGISTRY)


def test_registered_columns_group_their_articles(columns):
    assert [(a.column, a.title) for a in columns.articles[1:4]] == [
        ("基层动态", "民主路街道开展消防安全检查"),
        ("基层动态", "七百间街道举办端午节包粽子活动"),
        ("社区风采", "焦南街道火车站社区：小广场变身“百姓舞台”"),
    ]


def test_unregistered_column_is_recognised_by_its_shape(columns):
    assert [(a.column, a.title) for a in columns.articles[4:6]] == [
        ("文明实践", "王褚街道志愿者义务植绿护绿"),
        ("文明实践", "焦西街道开展“邻里节”活动"),
    ]


def test_column_headings_are_not_articles(columns):
    titles = [a.title for a in columns.articles]
    assert len(titles) == 7
    assert not {"基层动态", "社区风采", "文明实践"} & set(titles)


def test_headings_without_own_text_are_subtitles_not_a_column(columns):
    first, last = columns.articles[0], columns.articles[-1]
    assert (first.title, first.column) == ("解放区部署防汛备汛工作", None)
    assert first.subtitles == ("压紧压实责任", "确保安全度汛")
    assert (last.title, last.column, last.subtitles) == (
        "解放区召开城市更新项目推进会",
        None,
        ("项目进度情况通报",),
    )


def test_unregistered_heading_with_one_article_is_a_headline():
    issue = parse_sample("variant_columns.txt", columns=("基层动态",))
    article = issue.articles[3]
    assert (article.title, article.column) == ("社区风采", None)
    assert article.subtitles == ("焦南街道火车站社区：小广场变身“百姓舞台”",)


@pytest.mark.parametrize(
    ("text", "subtitles", "paragraphs"),
    [
        ("# 标题\n\n### 小标题\n\n正文。\n", ("小标题",), ("正文。",)),
        (
            "# 标题\n\n## 副题\n\n### 小标题\n\n## 副题二\n\n正文。\n",
            ("副题", "小标题", "副题二"),
            ("正文。",),
        ),
        (
            "# 标题\n\n## 副题\n\n正文一。\n\n### 小标题\n\n正文二。\n",
            ("副题",),
            ("正文一。", "小标题", "正文二。"),
        ),
    ],
    ids=["level-3-only", "a-level-2-without-text", "one-level-2-then-a-level-3"],
)
def test_headline_is_no_column_unless_two_level_2_headings_have_text(text, subtitles, paragraphs):
    issue = parse(text)
    assert [(a.title, a.column) for a in issue.articles] == [("标题", None)]
    assert (issue.articles[0].subtitles, issue.articles[0].paragraphs) == (subtitles, paragraphs)
    assert issue.warnings == ()


def test_column_registry_ignores_spaces_in_the_heading():
    text = "# 基层　动态\n\n## 标题\n\n本报讯(记者张三)8月1日,会议召开。\n"
    article = parse_issue(text, source="t.txt", issue_date=SEED_DATE).articles[0]
    assert (article.column, article.title) == ("基层动态", "标题")


# ---------------------------------------------------------------------------------------------
# Variants: series.


@pytest.fixture
def series():
    return parse_sample("variant_series.txt")


@pytest.mark.parametrize(
    ("position", "name", "number", "title", "commentator"),
    [
        (1, "解放区优化营商环境系列评论", 1, "提升服务效能", "强声"),
        (2, "解放区优化营商环境系列评论", 12, "守住清廉底线", "强声"),
        (3, "解放区创文系列谈", 12, "让文明成为习惯", "文明言"),
        (4, "解放区乡村振兴系列述评", 3, "产业兴旺是关键", "振兴轩"),
        (5, "解放区营商环境系列评论", 5, "打造一流环境", "强声"),
        (6, "解放区生态环保系列评论", 2, "守护一方碧水蓝天", "生态轩"),
    ],
)
def test_series_commentary_in_the_sample(series, position, name, number, title, commentator):
    article = series.articles[position - 1]
    assert article.series == Series(name, number)
    assert article.title == title
    assert (article.section, article.kind) == ("commentary", "commentary")
    assert article.bylines == (Byline(commentator, "commentator"),)


def test_series_named_in_a_dash_subtitle_is_not_kept_as_subtitle(series):
    assert series.articles[5].subtitles == ()


def test_subtitles_around_a_series_subtitle_are_kept_in_order():
    text = (
        "# 守护碧水蓝天\n\n## 引题\n\n## ——解放区生态环保系列评论②\n\n## 副题\n\n"
        "□ 生态轩\n\n正文。\n"
    )
    article = parse(text).articles[0]
    assert article.series == Series("解放区生态环保系列评论", 2)
    assert (article.title, article.subtitles) == ("守护碧水蓝天", ("引题", "副题"))


def test_subtitle_with_a_series_and_a_title_stays_a_subtitle():
    subtitle = "——解放区生态环保系列评论② 守护一方碧水"
    article = parse(f"# 守护碧水蓝天\n\n## {subtitle}\n\n□ 生态轩\n\n正文。\n").articles[0]
    assert (article.series, article.subtitles) == (None, (subtitle,))


def test_commentator_byline_without_a_series_makes_a_commentary():
    article = parse("# 文明养犬 从我做起\n\n□ 强 声\n\n正文。\n").articles[0]
    assert (article.section, article.kind, article.series) == ("commentary", "commentary", None)


def test_series_report_with_a_lead_stays_news(series):
    report = series.articles[6]
    assert report.series == Series("解放区高质量发展系列报道", 3)
    assert report.title == "数字经济跑出“加速度”"
    assert (report.section, report.kind) == ("community-news", "news")


@pytest.mark.parametrize(
    ("headline", "series", "title"),
    [
        ("解放区系列评论⑳ 标题", Series("解放区系列评论", 20), "标题"),
        ("解放区系列评论⑦标题", Series("解放区系列评论", 7), "标题"),
        ("解放区系列谈１５ 标题", Series("解放区系列谈", 15), "标题"),
        ("解放区系列评论（十二）标题", Series("解放区系列评论", 12), "标题"),
        ("解放区系列评论之二十：标题", Series("解放区系列评论", 20), "标题"),
        ("解放区系列述评(5) 标题", Series("解放区系列述评", 5), "标题"),
        ("解放区系列评论第两期 标题", Series("解放区系列评论", 2), "标题"),
        ("解放区系列谈999 标题", Series("解放区系列谈", 999), "标题"),
        ("解放区系列谈1000 标题", None, "解放区系列谈1000 标题"),
        ("解放区开展系列活动20余场", None, "解放区开展系列活动20余场"),
    ],
)
def test_series_number_forms(headline, series, title):
    text = f"# {headline}\n\n□ 强 声\n\n正文。\n"
    article = parse_issue(text, source="t.txt", issue_date=SEED_DATE).articles[0]
    assert (article.series, article.title) == (series, title)


@pytest.mark.parametrize(
    ("headline", "name"),
    [
        ("——解放区系列评论② 标题", "解放区系列评论"),
        ("X光筛查进社区系列评论② 标题", "X光筛查进社区系列评论"),
    ],
)
def test_series_name_loses_leading_dashes_only(headline, name):
    text = f"# {headline}\n\n□ 强 声\n\n正文。\n"
    assert parse(text).articles[0].series == Series(name, 2)


@pytest.mark.parametrize(
    ("mark", "number"),
    [
        ("①", 1),  # circled numbers, U+2460…
        ("⑳", 20),
        ("⑴", 1),  # parenthesized numbers
        ("⒇", 20),
        ("⒈", 1),  # numbers with a full stop, …U+249B
        ("⒛", 20),
        ("⓫", 11),  # negative circled numbers, U+24EB…U+24F4
        ("⓴", 20),
        ("❶", 1),  # dingbat negative circled, U+2776…
        ("❸", 3),
        ("❿", 10),
        ("➀", 1),  # dingbat circled sans-serif
        ("➉", 10),
        ("➊", 1),  # dingbat negative circled sans-serif, …U+2793
        ("➓", 10),
        ("㉑", 21),  # circled numbers 21-35, U+3251…U+325F
        ("㉟", 35),
        ("㊱", 36),  # circled numbers 36-50, U+32B1…U+32BF
        ("㊿", 50),
    ],
)
def test_every_enclosed_number_the_parser_accepts_gives_the_series_number(mark, number):
    """Papers number long series past ⑳ (㉑…㊿) and print ❸ or ⑴ as often as ③: each range
    the parser accepts must give its number, not only ①-⑳."""
    text = f"# 解放区系列评论{mark} 标题\n\n□ 强 声\n\n正文。\n"
    article = parse_issue(text, source="t.txt", issue_date=SEED_DATE).articles[0]
    assert (article.series, article.title) == (Series("解放区系列评论", number), "标题")


@pytest.mark.parametrize(
    "mark",
    [
        "⒜",  # U+249C, after ⒛: a parenthesized letter
        "⓪",  # U+24EA, before ⓫: circled zero
        "⓵",  # U+24F5, after ⓴: double circled one
        "❵",  # U+2775, before ❶: an ornament
        "➔",  # U+2794, after ➓: an arrow
        "㉐",  # U+3250, before ㉑
        "㉠",  # U+3260, after ㉟: a circled hangul letter
        "㊰",  # U+32B0, before ㊱: a circled ideograph
        "㋀",  # U+32C0, after ㊿
    ],
)
def test_mark_just_outside_the_enclosed_number_ranges_is_no_series_number(mark):
    """The characters next to each accepted range are not series numbers: the headline stays
    whole rather than gain a series the paper never numbered."""
    headline = f"解放区系列评论{mark} 标题"
    text = f"# {headline}\n\n□ 强 声\n\n正文。\n"
    article = parse_issue(text, source="t.txt", issue_date=SEED_DATE).articles[0]
    assert (article.series, article.title) == (None, headline)


# ---------------------------------------------------------------------------------------------
# Variants: programmes.


@pytest.fixture
def new_year():
    return parse_sample("variant_new_year.txt", issue_date=datetime.date(2023, 12, 29))


def test_programme_date_before_the_issue_date_is_next_year(new_year):
    programme = new_year.articles[1]
    assert [p.date for p in programme.performances] == [
        datetime.date(2023, 12, 30),
        datetime.date(2024, 1, 1),
    ]


def test_other_act_forms_with_and_without_titles(new_year):
    assert new_year.articles[1].performances[0].acts == (
        Act("小品", "新年好", ("丁艺", "程蕾")),
        Act("魔术", None, ("刘洋",)),
        Act("脱口秀", None, ("张鑫", "龙龙")),
        Act("评书", "三英战吕布", ("志博",)),
        Act("", "对春联", ("展奇", "杨森")),
        Act("大返场", None, ()),
    )


def test_act_lines_at_any_nesting_depth_or_without_list_marker(new_year):
    assert new_year.articles[1].performances[1].acts == (
        Act("相声", "拜年", ("展奇", "杨森")),
        Act("歌舞", "春天来了", ("解放区艺术团",)),
        Act("评书", None, ("志博",)),
    )


def test_new_year_programme_is_a_theatre_programme(new_year):
    programme = new_year.articles[1]
    assert (programme.section, programme.kind, programme.programme) == (
        "theatre",
        "programme",
        "解放小剧场",
    )
    assert len(new_year.articles) == 2


def test_new_year_issue_date_infers_from_its_dateline():
    issue = parse_sample("variant_new_year.txt")
    assert issue.date == datetime.date(2023, 12, 28)
    assert issue.articles[1].performances[1].date == datetime.date(2024, 1, 1)


def test_acts_before_any_date_and_impossible_dates_are_reported():
    text = "# “解放小剧场”节目\n\n- ▶相声《学小曲》 展奇 杨森\n- 2月30日节目单\n- ▶大返场\n"
    issue = parse_issue(text, source="t.txt", issue_date=SEED_DATE)
    assert issue.articles[0].performances == ()
    assert issue.warnings == (
        ParseWarning(1, "act-without-date", "▶相声《学小曲》 展奇 杨森"),
        ParseWarning(1, "bad-date", "2月30日节目单"),
    )


def test_impossible_date_does_not_lose_the_days_after_it():
    text = (
        "# “解放小剧场”节目\n\n- 2月30日节目单\n- ▶相声《学小曲》 展奇 杨森\n"
        "- 9月3日节目单\n- ▶大返场\n"
    )
    issue = parse(text)
    assert issue.articles[0].performances == (
        Performance(datetime.date(2022, 9, 3), (Act("大返场", None, ()),)),
    )
    assert issue.warnings == (ParseWarning(1, "bad-date", "2月30日节目单"),)


def test_programme_on_the_issue_date_is_that_day_not_next_year():
    text = "# “解放小剧场”节目\n\n- 8月25日节目单\n- ▶大返场\n"
    programme = parse(text, issue_date=datetime.date(2022, 8, 25)).articles[0]
    assert [p.date for p in programme.performances] == [datetime.date(2022, 8, 25)]


def test_act_marker_without_text_is_an_empty_act():
    text = "# “解放小剧场”节目\n\n- 9月3日节目单\n- ▶\n- ▶大返场\n"
    assert parse(text).articles[0].performances[0].acts == (
        Act("", None, ()),
        Act("大返场", None, ()),
    )


def test_news_naming_a_venue_has_no_programme():
    text = "# “解放小剧场”迎来新观众\n\n本报讯(记者张三)8月1日,“解放小剧场”迎来新观众。\n"
    article = parse(text).articles[0]
    assert (article.kind, article.programme) == ("news", None)


def test_dated_news_paragraph_is_not_a_programme_line():
    text = "# 标题\n\n本报讯(记者张三)8月1日,区里举办了文艺节目展演,观众很多。\n"
    article = parse_issue(text, source="t.txt", issue_date=SEED_DATE).articles[0]
    assert (article.kind, article.performances) == ("news", ())


# ---------------------------------------------------------------------------------------------
# Line ends, BOM, what stops a join, and texts that are not issues.


def test_crlf_and_bom_parse_like_plain_lf():
    text = SEED.read_text(encoding="utf-8")
    plain = parse_issue(text, source=SEED.name, issue_date=SEED_DATE)
    for variant in ("\ufeff" + text.replace("\n", "\r\n"), text.replace("\n", "\r")):
        assert parse_issue(variant, source=SEED.name, issue_date=SEED_DATE) == plain


def test_crlf_bom_sample_file():
    data = (SAMPLES / "variant_crlf_bom.txt").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and b"\r\n" in data
    issue = parse_issue(data.decode("utf-8"), source="variant_crlf_bom.txt")
    assert issue.date == datetime.date(2022, 1, 4)
    article = issue.articles[0]
    assert article.title == "解放区开展新年慰问活动"
    assert (
        article.paragraphs[1]
        == "慰问中，区领导详细询问困难群众的生活情况，叮嘱相关部门要切实解决群众实际困难。"
    )
    assert not any("\r" in p for p in article.paragraphs)


@pytest.mark.parametrize(
    "stopper",
    ["## 小标题", "- 列表项", "□ 强 声", "本报记者 张三 摄"],
    ids=["heading", "list-item", "commentary-byline", "photo-credit"],
)
def test_headings_list_items_and_byline_lines_stop_a_join(stopper):
    text = f"# 标题\n\n本报讯(记者李四)8月1日,未完的一段\n\n{stopper}\n\n后一段。\n"
    paragraphs = parse_issue(text, source="t.txt", issue_date=SEED_DATE).articles[0].paragraphs
    assert paragraphs[0] == "8月1日,未完的一段"
    assert paragraphs[-1] == "后一段。"


def test_text_before_the_first_headline_is_reported_not_lost():
    text = "版面说明文字\n\n# 标题\n\n本报讯(记者张三)8月1日,会议召开。\n"
    issue = parse_issue(text, source="t.txt", issue_date=SEED_DATE)
    assert len(issue.articles) == 1
    assert issue.warnings == (ParseWarning(0, "text-outside-article", "版面说明文字"),)


@pytest.mark.parametrize(
    "text",
    [
        (SAMPLES / "variant_furniture_only.txt").read_text(encoding="utf-8"),
        "",
        "\n\n\u3000\n\r\n",
        "# 只有标题\n",
    ],
    ids=["furniture-only", "empty", "blank-lines", "headline-only"],
)
def test_text_without_articles_is_not_an_issue(text):
    with pytest.raises(ParseError) as raised:
        parse_issue(text, source="t.txt", issue_date=SEED_DATE)
    assert str(raised.value) == "no articles found (no headline followed by text)"


# ---------------------------------------------------------------------------------------------
# Headlines without text, and page furniture.


def test_headline_without_body_is_reported_not_an_article():
    issue = parse("# 只有标题\n\n# 标题\n\n本报讯(记者张三)8月1日,会议召开。\n")
    assert [a.title for a in issue.articles] == ["标题"]
    assert issue.warnings == (ParseWarning(0, "headline-without-body", "只有标题"),)


LEAD = "本报讯(记者张三)8月1日,会议召开。"


@pytest.mark.parametrize(
    "line",
    [
        "扫码关注“解放区融媒”微信公众号，及时获取更多本地新闻、政务资讯和便民服务等信息",
        "更多活动详情请见下方二维码",
    ],
    ids=["40-character-prompt", "mentions-qr-code"],
)
def test_short_qr_code_line_is_furniture(line):
    assert len(line) <= 40
    issue = parse(f"# 标题\n\n{LEAD}\n\n{line}\n")
    assert issue.articles[0].paragraphs == ("8月1日,会议召开。",)


def test_qr_code_prompt_words_in_a_longer_line_are_text():
    line = "居民扫码关注“解放区融媒”公众号即可在线预约社区医院的体检和疫苗接种等便民服务项目"
    assert len(line) == 41
    assert parse(f"# 标题\n\n{LEAD}\n\n{line}\n").articles[0].paragraphs[-1] == line


def test_headline_about_qr_codes_is_news():
    issue = parse(f"# 社区推出二维码门牌\n\n{LEAD}\n")
    assert [a.title for a in issue.articles] == ["社区推出二维码门牌"]


# ---------------------------------------------------------------------------------------------
# Repeated passages (column mix-ups): reported once each, in the order of first appearance.

PASSAGE = "让群众的获得感成色更足、幸福感更可持续"


def duplicate_texts(*paragraphs: str) -> list[str]:
    issue = parse("# 标题\n\n" + "\n\n".join(paragraphs) + "\n")
    assert {(w.article, w.kind) for w in issue.warnings} <= {(1, "duplicate-text")}
    return [w.text for w in issue.warnings]


def test_passage_ending_two_paragraphs_is_reported_without_what_follows():
    assert duplicate_texts(
        f"会议指出,{PASSAGE}。", f"会议要求各街道{PASSAGE}。", "会议还研究了其他事项。"
    ) == [f"{PASSAGE}。"]


def test_passage_that_ends_the_text_is_reported_whole():
    texts = duplicate_texts(f"会议指出,{PASSAGE},推动发展。", f"会议要求各街道{PASSAGE}")
    assert texts == [PASSAGE]


def test_phrases_meeting_at_two_paragraph_breaks_are_no_repeated_passage():
    assert (
        duplicate_texts(
            "会议听取了各街道的工作汇报,确保各项工作取得实效。",
            "会议强调,要压实责任,推动工作落地。",
            "会议研究了城市更新项目,确保各项工作取得实效。",
            "会议强调,要加强协调,形成工作合力。",
        )
        == []
    )


def test_sixteen_characters_printed_twice_back_to_back_are_reported():
    line = "以人民为中心的发展思想落到实处,"
    assert len(line) == 16
    assert duplicate_texts(f"会议要求,要把{line}{line}让群众满意。") == [line]


@pytest.mark.parametrize(("copies", "reported"), [(8, True), (9, False)])
def test_passage_printed_up_to_eight_times_is_reported_more_often_is_a_pattern(copies, reported):
    slogan = "坚持以人民为中心的发展思想不动摇。"
    subjects = ["区委", "区政府", "街道", "部门", "社区", "企业", "干部", "党员", "群众"]
    texts = duplicate_texts(*[f"{subject}{slogan}" for subject in subjects[:copies]])
    assert texts == ([slogan] if reported else [])


def test_pattern_does_not_stop_the_search_for_later_passages():
    texts = duplicate_texts("哈" * 30 + "!", f"会议指出,{PASSAGE}。", f"会议要求各街道{PASSAGE}。")
    assert texts == [f"{PASSAGE}。"]


def test_passages_are_reported_in_the_order_they_first_appear():
    first, second = "优化营商环境是一项长期系统工程。", "全面提升政务服务的效率和质量水平"
    assert duplicate_texts(
        f"会议指出{first}", f"会议要求{second},{second}。", f"会议强调{first}"
    ) == [first, second]
