"""What docs/seed-format.md says the seed page must give: shared by the parser and loader tests."""

import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000_9095635fa0921b51.txt"
SAMPLES = Path(__file__).resolve().parent / "samples"
SEED_DATE = datetime.date(2022, 8, 25)
SEED_TEXT = SEED.read_text(encoding="utf-8")

SEED_ARTICLES = [
    # position, title, section slug, kind, column, bylines
    (
        1,
        "解放区以企招商“云推介”暨项目签约仪式举行",
        "community-news",
        "news",
        None,
        [("詹长松", "reporter"), ("王孟阳", "correspondent"), ("李秀娟", "correspondent")],
    ),
    (
        2,
        "解放区召开十一届区委常委会",
        "community-news",
        "news",
        None,
        [("翟倩倩", "reporter"), ("吴楠", "correspondent"), ("张瑞环", "correspondent")],
    ),
    (3, "创建全国文明城市典范城市", "community-news", "photo", None, []),
    (
        4,
        "解放区一志愿服务项目荣获省级大奖",
        "community-news",
        "news",
        None,
        [("翟倩倩", "reporter")],
    ),
    (
        5,
        "解放区“扫黄打非”示范点规范化建设成绩喜人",
        "community-news",
        "news",
        None,
        [("詹长松", "reporter")],
    ),
    (6, "转变作风 优化环境", "commentary", "commentary", None, [("强声", "commentator")]),
    (
        7,
        "解放区审计局 强化专题业务培训 促进审计质量提升",
        "community-news",
        "news",
        "基层动态",
        [("詹长松", "reporter")],
    ),
    (
        8,
        "解放区妇联开展暑期儿童关爱服务系列活动",
        "community-news",
        "news",
        "基层动态",
        [("翟倩倩", "reporter")],
    ),
    (9, "“解放小剧场” 场场都精彩", "theatre", "programme", None, []),
]

SEED_TITLES = [title for _position, title, *_rest in SEED_ARTICLES]  # in printed order
SEED_LEAD = SEED_TITLES[0]
# The fifth article as the page prints it, from its headline to the next: a corrected page
# that drops it is the seed's text without this.
SEED_FIFTH = SEED_TEXT[
    SEED_TEXT.index("# 解放区“扫黄打非”") : SEED_TEXT.index("# 解放区优化营商环境系列评论")
]

SEED_ACTS = {
    datetime.date(2022, 9, 3): [
        ("快板书联唱", "", ["丁艺"]),
        ("相声", "学小曲", ["展奇", "杨森"]),
        ("相声", "对坐数来宝", ["龙龙", "张鑫"]),
        ("相声", "对春联", ["志博", "程蕾"]),
        ("相声", "小红帽", ["展奇", "张鑫"]),
        ("大返场", "", []),
    ],
    datetime.date(2022, 9, 4): [
        ("快板书联唱", "", ["丁艺"]),
        ("相声", "批歌曲", ["展奇", "杨森"]),
        ("相声", "说武术", ["龙龙", "志博"]),
        ("相声", "杨乃武写状", ["展奇", "张鑫"]),
        ("相声", "哪吒闹海", ["志博", "程蕾"]),
    ],
}
