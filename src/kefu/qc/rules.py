"""The rules of shared/spec/qc-rules.md, with their ids, defaults and weights.

Text rules look at one agent message; session rules at a whole conversation.
A shop switches rules off and changes word lists and limits through the
``qc_rules`` shop setting: ``{"T02_qin_overuse": {"enabled": false},
"T07_vague_answer": {"words": [...]}, "S02_reply_time": {"limit": 90}}``.

Words match as words (see ``kefu.qc.words``): ``exceptions`` lists the longer ordinary words
that contain a rule's word without meaning it (母亲 is not the buyer called 亲, 妈妈的 is not
妈的); a shop extends them like the words.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

WEIGHTS = {"high": 10, "medium": 5, "low": 2}
FLAG_BELOW = 80


@dataclass(frozen=True)
class Rule:
    id: str
    name: str
    severity: str = "medium"
    enabled: bool = True
    words: tuple[str, ...] = ()
    limit: float | None = None  # seconds for timing rules, a count for T02
    exceptions: tuple[str, ...] = ()  # ordinary words that contain one of ``words``

    @property
    def weight(self) -> int:
        return WEIGHTS[self.severity]


@dataclass(frozen=True)
class Finding:
    rule: str
    excerpt: str
    severity: str
    message_id: str | None = None
    agent_id: str | None = None  # whom it is charged to: the author, or who was responsible

    @property
    def weight(self) -> int:
        return WEIGHTS[self.severity]


INTERJECTIONS = ("额", "哦", "噢", "恩", "嗯", "晕", "唉", "哎", "切", "好吧", "随便")
APOLOGIES = ("抱歉", "不好意思", "对不起", "很遗憾")
WAIT_WORDS = ("稍等", "请稍候")
NOTICE_WORDS = ("稍等", "请稍候", "马上", "正在查询")
ADDRESS_WORDS = ("地址", "收货人", "收件人", "寄到", "送到", "收货信息")
# 亲 as an ordinary word: kin (母亲节), and 亲肤 (kind to the skin), 亲子装 (parent-child wear)
KIN_WORDS = (
    *("母亲", "父亲", "双亲", "亲人", "亲戚", "亲友", "相亲", "探亲"),
    *("亲肤", "亲子", "亲自", "亲手", "亲身", "亲测", "亲密"),
)
# Ordinary words that contain an insult: 其他妈妈, 给妈妈的礼物, 废物利用, 去死皮, 水滚开
RUDE_LOOKALIKES = (
    *("其他妈", "他妈妈", "妈妈的", "姨妈的", "姑妈的", "舅妈的", "大妈的", "老妈的", "宝妈的"),
    *("废物利用", "废物回收", "废物处理", "去死皮", "去死角", "神经病学"),
    *("滚开水", "滚开的水", "水滚开"),
)
# A fabric's composition is a fact, not a promise: 100%棉
MATERIALS = tuple(
    f"{amount}{fibre}"
    for amount in ("100%", "百分百")
    for fibre in (
        "棉",
        "纯棉",
        "羊毛",
        "羊绒",
        "蚕丝",
        "桑蚕丝",
        "真丝",
        "亚麻",
        "涤纶",
        "聚酯纤维",
    )
)

DEFAULT_RULES: dict[str, Rule] = {
    rule.id: rule
    for rule in (
        Rule("T01_ni_not_nin", "称呼买家用“您”", words=("你",), exceptions=("迷你",)),
        Rule(
            "T02_qin_overuse",
            "“亲”不过度使用",
            limit=2,
            words=("亲",),
            exceptions=KIN_WORDS,
        ),
        Rule(
            "T03_blunt_refusal",
            "拒绝前先致歉",
            words=("不能", "不行", "不可以", "没办法", "办不到"),
            # asking "can you…?" politely is no refusal: 能不能麻烦您…
            exceptions=("能不能", "可不可以", "行不行"),
        ),
        Rule(
            "T04_rhetorical_question",
            "不反问买家",
            words=(r"不是.{0,30}?吗[?？]", r"难道", r"没看到吗", r"自己不会看吗", r"不知道吗[?？]"),
        ),
        Rule("T05_negative_interjection", "不用消极语气词", words=INTERJECTIONS),
        Rule(
            "T06_harsh_punctuation", "不对买家用省略号和感叹号", words=("……", "…", "...", "！", "!")
        ),
        Rule(
            "T07_vague_answer",
            "不含糊其辞",
            words=("差不多", "不清楚", "不知道", "大概吧", "可能吧", "应该吧", "看情况"),
            exceptions=("看不清楚", "听不清楚"),  # the buyer's photo or call, not the answer
        ),
        Rule(
            "T08_rude_language",
            "不用粗鲁或辱骂的词",
            severity="high",
            words=(
                "傻逼",
                "傻B",
                "sb",
                "煞笔",
                "滚开",
                "滚蛋",
                "给我滚",
                "神经病",
                "有病吧",
                "白痴",
                "蠢货",
                "脑残",
                "智障",
                "废物",
                "去死",
                "妈的",
                "他妈",
                "尼玛",
                "闭嘴",
                "找死",
            ),
            exceptions=RUDE_LOOKALIKES,
        ),
        Rule(
            "T09_overpromise",
            "不做空头承诺",
            words=("保证", "绝对", "百分百", "100%", "肯定没问题", "一定不会"),
            exceptions=("保证金", "绝对值", *MATERIALS),
        ),
        Rule(
            "T10_bare_thanks",
            "感谢说“谢谢您”",
            severity="low",
            words=(
                "您",
                "亲",
                "支持",
                "理解",
                "惠顾",
                "光临",
                "配合",
                "耐心",
                "关注",
                "信任",
                "厚爱",
            ),
        ),
        Rule("T11_leak_contact", "不泄露站外联系方式", severity="high"),
        Rule("S01_first_response", "首次响应及时", limit=5),
        Rule("S02_reply_time", "每条消息及时回复", limit=60, words=WAIT_WORDS),
        Rule("S03_wait_notice", "久等先告知并致歉", limit=60, words=NOTICE_WORDS),
        Rule("S04_unanswered", "不留未回复的买家"),
        Rule("S05_address_check", "付款后核对地址", words=ADDRESS_WORDS),
        Rule("S06_unauthorised_transfer", "转接须有原因"),
    )
}


@dataclass(frozen=True)
class RuleSet:
    rules: dict[str, Rule] = field(default_factory=lambda: dict(DEFAULT_RULES))

    def get(self, rule_id: str) -> Rule | None:
        rule = self.rules[rule_id]
        return rule if rule.enabled else None

    @classmethod
    def with_overrides(cls, overrides: dict[str, dict[str, Any]] | None) -> RuleSet:
        """The defaults with a shop's changes; unknown rule ids or keys are refused."""
        rules = dict(DEFAULT_RULES)
        for rule_id, change in (overrides or {}).items():
            if rule_id not in rules:
                raise ValueError(f"unknown QC rule {rule_id!r}")
            unknown = set(change) - {"enabled", "words", "exceptions", "limit", "severity"}
            if unknown:
                raise ValueError(f"{rule_id}: unknown settings {sorted(unknown)}")
            if "severity" in change and change["severity"] not in WEIGHTS:
                raise ValueError(f"{rule_id}: severity must be one of {sorted(WEIGHTS)}")
            for key in ("words", "exceptions"):
                if key in change:
                    change = {**change, key: tuple(str(word) for word in change[key])}
            rules[rule_id] = replace(rules[rule_id], **change)
        return cls(rules)


def score(findings: list[Finding]) -> int:
    """100 minus each finding's weight, never below 0."""
    return max(0, 100 - sum(finding.weight for finding in findings))
