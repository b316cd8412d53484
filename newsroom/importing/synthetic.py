"""A made-up archive of daily issues, for measuring the site at the size of years of paper.

Everything is built as the parser's dataclasses, so the loader writes it exactly as it
writes an imported file. The text is a word chain over the seed pages (each word followed
by one that follows it somewhere in the seeds), so it has the seeds' words and phrases
(招商引资, 营商环境, 志愿服务, 解放区 …) in roughly their proportions, and search finds
them as it would in real issues. Each day's content depends only on the seed number and
the date: any range of days comes out the same whenever it is generated.
"""

import datetime
import hashlib
import itertools
import random
import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import rjieba

from .parser import (
    COMMENTARY,
    COMMENTATOR,
    COMMUNITY_NEWS,
    CORRESPONDENT,
    NEWS,
    PHOTO,
    PROGRAMME,
    REPORTER,
    THEATRE,
    Act,
    Byline,
    ParsedArticle,
    ParsedIssue,
    Performance,
    Series,
)

SOURCE_PREFIX = "synthetic/"  # source_file of generated issues; real imports never start so
SENTENCE_END = "。"
MARKUP = re.compile(r"^(#+|▶|□|■|●)\s*")
SERIES_DAYS = 14  # a commentary series runs two weeks, one commentary every other day
SERIES_EPOCH = datetime.date(2000, 1, 1)
PROGRAMME_WEEKDAY = 4  # Friday's paper prints the weekend's theatre programme

SURNAMES = (
    "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕"
    "苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史"
    "顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文詹翟"
)
GIVEN = (
    "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂英华玉萍红娥玲芬燕彬鹏辉波斌宇浩"
    "凯健俊帆帅旭宁龙林欣晨瑞凡佳嘉琪博文昊天松倩楠环孟阳"
)
PEN_NAMES = ("强声", "解言", "区声", "文平", "正言", "新语", "晓理", "山石")
SERIES_TOPICS = (
    "优化营商环境", "招商引资", "作风建设", "文明城市创建", "乡村振兴", "城市更新",
    "志愿服务", "基层治理", "安全生产", "生态环境保护", "数字经济", "文旅融合",
    "民生实事", "法治建设", "疫情防控", "人才引进", "社区服务", "廉洁文化",
)  # fmt: skip
ACT_FORMS = ("相声", "相声", "相声", "快板书", "小品", "评书", "魔术", "单口相声")
PIECE_TITLES = (
    "学小曲", "对坐数来宝", "对春联", "小红帽", "批歌曲", "说武术", "杨乃武写状", "哪吒闹海",
    "报菜名", "八扇屏", "卖布头", "戏剧与方言", "汾河湾", "歪批三国", "夸住宅", "地理图",
    "找堂会", "大保镖", "黄鹤楼", "文章会", "扒马褂", "论捧逗", "买猴", "卖吊票",
    "武松打虎", "劫刑车", "三国演义", "送礼", "打电话", "大变活人",
)  # fmt: skip


@dataclass(frozen=True)
class WordChain:
    """Which words follow which in the seed text, to write sentences that sound like it."""

    successors: dict[str, tuple[str, ...]]
    openings: tuple[str, ...]  # words that start a sentence

    @classmethod
    def from_texts(cls, texts) -> "WordChain":
        successors, openings = defaultdict(list), []
        for text in texts:
            for line in text.splitlines():
                line = MARKUP.sub("", line.strip())
                if "▶" in line:  # a programme's bill, not prose
                    continue
                for sentence in re.split(r"(?<=[。！？!?])", line):
                    words = [w for w in rjieba.cut(sentence) if w.strip()]
                    if len(words) < 4:
                        continue
                    openings.append(words[0])
                    for word, following in itertools.pairwise(words):
                        successors[word].append(following)
        return cls({w: tuple(f) for w, f in successors.items()}, tuple(openings))

    @classmethod
    def from_seeds(cls, folder: Path) -> "WordChain":
        return cls.from_texts(
            path.read_text(encoding="utf-8") for path in sorted(folder.glob("*.txt"))
        )

    def sentence(self, rng: random.Random, max_words: int = 40) -> str:
        words = [rng.choice(self.openings)]
        while len(words) < max_words and words[-1] not in "。！？!?":
            following = self.successors.get(words[-1])
            if not following:
                break
            words.append(rng.choice(following))
        text = "".join(words).rstrip('，,、；;：:“”"')
        return text if text[-1:] in "。！？!?" else text + SENTENCE_END

    def headline(self, rng: random.Random) -> str:
        """A sentence cut to headline length, without its final punctuation."""
        text = self.sentence(rng, max_words=14)
        return re.sub(r"[，,、；;：:。！？!?“”\"]+$", "", text[:28]) or "解放区新闻"

    def paragraph(self, rng: random.Random) -> str:
        return "".join(self.sentence(rng) for _ in range(rng.randint(2, 5)))


@dataclass(frozen=True)
class People:
    """The paper's staff and the theatre's company: the same names come back day after day."""

    reporters: tuple[str, ...]
    correspondents: tuple[str, ...]
    photographers: tuple[str, ...]
    performers: tuple[str, ...]

    @classmethod
    def for_seed(cls, seed: int) -> "People":
        rng = random.Random(f"people-{seed}")
        names = []
        while len(names) < 260:
            name = rng.choice(SURNAMES) + "".join(rng.choices(GIVEN, k=rng.choice((1, 2, 2))))
            if name not in names:
                names.append(name)
        return cls(
            reporters=("詹长松", "翟倩倩", *names[:28]),
            correspondents=tuple(names[30:220]),
            photographers=tuple(names[220:235]),
            performers=("丁艺", "展奇", "杨森", "龙龙", "张鑫", "志博", "程蕾", *names[235:]),
        )


class ArchiveGenerator:
    """Builds the ``ParsedIssue`` of any day for one seed number."""

    def __init__(self, seed: int, chain: WordChain):
        self.seed = seed
        self.chain = chain
        self.people = People.for_seed(seed)

    def issue(self, date: datetime.date) -> ParsedIssue:
        rng = random.Random(f"issue-{self.seed}-{date.isoformat()}")
        articles = [self._news(rng) for _ in range(rng.randint(6, 8))]
        articles += [self._news(rng, column="基层动态") for _ in range(rng.randint(0, 2))]
        if rng.random() < 0.6:
            articles.insert(rng.randint(1, len(articles)), self._photo(rng))
        commentary = self._series_of(date)
        if commentary:
            articles.append(self._commentary(rng, *commentary))
        if date.weekday() == PROGRAMME_WEEKDAY:
            articles.append(self._programme(rng, date))
        numbered = tuple(
            _positioned(article, position) for position, article in enumerate(articles, start=1)
        )
        return ParsedIssue(
            source=f"{SOURCE_PREFIX}{self.seed}/{date.isoformat()}",
            date=date,
            date_inferred=False,
            articles=numbered,
            warnings=(),
        )

    def _news(self, rng, column=None) -> dict:
        bylines = [Byline(rng.choice(self.people.reporters), REPORTER)]
        bylines += [
            Byline(name, CORRESPONDENT)
            for name in rng.sample(self.people.correspondents, rng.randint(0, 2))
        ]
        subtitles = (self.chain.headline(rng),) if rng.random() < 0.2 else ()
        return {
            "section": COMMUNITY_NEWS,
            "kind": NEWS,
            "column": column,
            "title": self.chain.headline(rng),
            "subtitles": subtitles,
            "dateline": "本报讯",
            "bylines": tuple(bylines),
            "paragraphs": tuple(self.chain.paragraph(rng) for _ in range(rng.randint(3, 5))),
        }

    def _photo(self, rng) -> dict:
        return {
            "section": COMMUNITY_NEWS,
            "kind": PHOTO,
            "title": self.chain.headline(rng),
            "paragraphs": (self.chain.paragraph(rng),),
            "photo_credit": f"本报记者 {rng.choice(self.people.photographers)} 摄",
        }

    def _series_of(self, date: datetime.date) -> tuple[Series, str] | None:
        """Every other day a commentary, numbered within a two-week series by one pen name."""
        days = (date - SERIES_EPOCH).days
        if days % 2:
            return None
        run, day_in_run = divmod(days, SERIES_DAYS)
        topic = SERIES_TOPICS[run % len(SERIES_TOPICS)]
        started = SERIES_EPOCH + datetime.timedelta(days=run * SERIES_DAYS)
        series = Series(f"{started.year}年解放区{topic}系列评论", day_in_run // 2 + 1)
        return series, PEN_NAMES[run % len(PEN_NAMES)]

    def _commentary(self, rng, series: Series, pen_name: str) -> dict:
        return {
            "section": COMMENTARY,
            "kind": COMMENTARY,
            "title": self.chain.headline(rng)[:12],
            "series": series,
            "bylines": (Byline(pen_name, COMMENTATOR),),
            "paragraphs": tuple(self.chain.paragraph(rng) for _ in range(rng.randint(3, 4))),
        }

    def _programme(self, rng, date: datetime.date) -> dict:
        evenings = (date + datetime.timedelta(days=1), date + datetime.timedelta(days=2))
        return {
            "section": THEATRE,
            "kind": PROGRAMME,
            "title": "“解放小剧场” 场场都精彩",
            "paragraphs": (self.chain.paragraph(rng),),
            "performances": tuple(Performance(day, self._acts(rng)) for day in evenings),
            "programme": "解放小剧场",
        }

    def _acts(self, rng) -> tuple[Act, ...]:
        acts = []
        for _ in range(rng.randint(4, 6)):
            form = rng.choice(ACT_FORMS)
            performers = tuple(rng.sample(self.people.performers, 1 if "单口" in form else 2))
            acts.append(Act(form, rng.choice(PIECE_TITLES), performers))
        return tuple(acts)


def _positioned(values: dict, position: int) -> ParsedArticle:
    defaults = {
        "column": None,
        "subtitles": (),
        "series": None,
        "dateline": None,
        "bylines": (),
        "performances": (),
        "photo_credit": None,
        "programme": None,
    }
    return ParsedArticle(position=position, line=position, **{**defaults, **values})


def checksum(parsed: ParsedIssue) -> str:
    """Stands in for the file checksum: generating a day again is recognised as imported."""
    return hashlib.sha256(repr(parsed).encode()).hexdigest()
