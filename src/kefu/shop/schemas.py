"""Every shop setting the app reads, with its default (service-standard.md), its Chinese
label and help line; what a setting is and the input kinds are in kefu.shop.setting."""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator, StrictBool

from kefu.models.crm import FEEDBACK_CATEGORIES
from kefu.qc.rules import DEFAULT_RULES
from kefu.shop import values as v
from kefu.shop.setting import Setting, share_setting, whole_setting
from kefu.shop.surge_settings import SURGE


def _qc_rules() -> dict[str, str]:
    return {rule.id: rule.name for rule in DEFAULT_RULES.values()}


def _feedback_categories() -> dict[str, str]:
    return FEEDBACK_CATEGORIES


AFTERSALE_WORDS = [
    "订单",
    "物流",
    "快递",
    "发货了",
    "到哪",
    "没收到",
    "签收",
    "退款",
    "退货",
    "换货",
    "售后",
    "质量",
    "坏了",
    "破损",
    "少发",
    "发错",
    "投诉",
    "差评",
    "补发",
    "运费险",
]
ALL = [
    Setting(
        "working_hours",
        "营业时间",
        "客服在线接待的时段，如 09:00-23:00；结束早于开始表示跨过午夜（如 20:00-02:00），"
        "00:00-24:00 表示全天 24 小时。营业时间外的咨询转为留言。",
        "hours",
        v.WorkingHours,
        "09:00-23:00",
    ),
    Setting(
        "holidays",
        "节假日安排",
        "特定日期休息或按特别时段营业：不填时段表示当天休息，"
        "填 10:00-18:00 表示当天只在这个时段接待。",
        "dates",
        v.Holidays,
        [],
    ),
    Setting(
        "offline_reply_by",
        "夜间留言回复时间",
        "营业时间外的留言，在下一个营业日的这个时间前回复。",
        "time",
        v.Time,
        "10:00",
    ),
    whole_setting(
        "offline_reply_within_minutes",
        "留言回复时限（分钟）",
        "营业时间内的留言在多少分钟内回复。",
        60,
        1,
        1440,
    ),
    whole_setting(
        "assign_reply_seconds",
        "未回复转派（秒）",
        "分给客服的会话超过这么多秒没有回复，就转给其他空闲客服并告诉买家。",
        60,
        1,
        3600,
    ),
    Setting(
        "greeting",
        "欢迎语",
        "买家发起咨询时自动发送；可用变量 {店铺名}。",
        "text",
        v.text(200, v.placeholders("店铺名")),
        "您好，欢迎光临{店铺名}，请问有什么可以帮您？",
        max=200,
    ),
    Setting(
        "offline_reply",
        "留言自动回复",
        "无人接待、买家留言时自动回复；可用变量 {回复时间}。",
        "text",
        v.text(300, v.placeholders("回复时间")),
        "您好，客服暂时不在线，您的留言我们已收到，会在{回复时间}前回复您。",
        max=300,
    ),
    Setting(
        "agent_intro",
        "客服接入自我介绍",
        "客服接入会话时代她发送；可用变量 {角色}、{客服名}；留空则不发送。",
        "text",
        v.optional_text(100, v.placeholders("角色", "客服名")),
        "您好，我是{角色}{客服名}，很高兴为您服务～",
        max=100,
    ),
    Setting(
        "presale_group",
        "售前分流组",
        "新的咨询默认分到这个组。",
        "group",
        v.text(64),
        "售前组",
    ),
    Setting(
        "aftersale_group",
        "售后分流组",
        "提到订单、物流、退款等词（见售后分流关键词）的咨询分到这个组；售后任务也归这个组。",
        "group",
        v.text(64),
        "售后组",
    ),
    Setting(
        "rota_routing",
        "按排班接待",
        "开启后，排了班的售前组、售后组只把会话分给当班的客服，无人当班时转为留言；"
        "关闭则排班只用于安排和交接，在线的客服都接待。",
        "bool",
        StrictBool,
        True,
    ),
    Setting(
        "aftersale_words",
        "售后分流关键词",
        "买家的消息含其中任一个词，就分到售后组。",
        "words",
        v.Words,
        AFTERSALE_WORDS,
    ),
    Setting(
        "bot_enabled",
        "智能客服（机器人）",
        "开启后由机器人先接待买家（需先训练模型）；关闭则直接转人工。",
        "bool",
        StrictBool,
        True,
    ),
    share_setting(
        "bot_handoff_below",
        "机器人转人工置信度",
        "机器人对答案的把握低于这个值（0–1）时转人工。",
        0.5,
    ),
    share_setting(
        "bot_anger_above",
        "情绪转人工阈值",
        "买家消息的负面情绪高于这个值（0–1）时立即转人工。",
        0.97,
    ),
    Setting(
        "qc_rules",
        "质检规则",
        "逐条开关自动质检规则，或改它的词表、时限（秒）和严重程度；没列出的规则按默认执行。",
        "qc_rules",
        v.QcRules,
        {},
        choices=_qc_rules,
    ),
    share_setting(
        "qc_sample_rate",
        "质检抽检比例",
        "每周从每位客服的会话中随机抽取复核的比例。",
        0.05,
        "percent",
    ),
    Setting(
        "shipping_cutoff",
        "当日发货截单时间",
        "这个时间前付款的订单当天发货，之后的次日发货；审单队列和机器人答复都按它算。",
        "time",
        v.Time,
        "16:30",
    ),
    whole_setting(
        "pay_cutoff_lead_minutes",
        "截单前催付提前（分钟）",
        "截单前这么多分钟，给今天下单未付款的买家一条催付（现在付款今天就能发货）。",
        60,
        10,
        240,
    ),
    Setting(
        "pay_call_amount",
        "电话催付金额线（元）",
        "未付款订单达到这个金额时，不发消息，由热线组打电话催付。",
        "money",
        v.Money,
        "1000.00",
        min=0,
    ),
    Setting(
        "hotline_group", "热线组", "电话催付等外呼任务归这个组。", "group", v.text(64), "热线组"
    ),
    Setting(
        "campaign_mode",
        "大促发货模式",
        "开启后审单队列按付款先后排队，每单须在付款后 24 小时内发出，快到期时提醒审单。",
        "bool",
        StrictBool,
        False,
    ),
    Setting(
        "refund_review_limit",
        "退款审核金额线（元）",
        "超过这个金额的退款，须由退款审核或主管同意和退款。",
        "money",
        v.Money,
        "500.00",
        min=0,
    ),
    Setting(
        "refund_step_hours",
        "售后各步时限（小时）",
        "售后单每一步须在多少小时内办完：审核、买家寄回、仓库验收、退款或换货；"
        "“仅退款·已同意”单独计时。",
        "durations",
        v.StepHours,
        {
            "requested": 48,
            "approved": 168,
            "refund_only:approved": 24,
            "buyer_shipped": 240,
            "received": 48,
        },
        min=1,
        max=2000,
        choices=lambda: v.REFUND_STEPS,
    ),
    whole_setting(
        "refund_complete_days",
        "售后办结时限（天）",
        "退货、换货、仅退款从买家申请到办结（完成、拒绝或关闭）的天数；"
        "绩效考核的退货/换货完成率按它计算。",
        15,
        1,
        90,
    ),
    whole_setting(
        "training_repeat_count",
        "质检触发培训次数",
        "同一客服 30 天内触发同一条质检规则达到这么多次，自动为她安排这条规则的课程。",
        3,
        1,
        50,
    ),
    whole_setting(
        "violation_threshold",
        "年度违规复训线（次）",
        "一位客服一年内的质检违规（未被复核驳回的扣分项）达到这个数，标记为需要复训。",
        20,
        1,
        1000,
    ),
    Setting(
        "couriers",
        "默认快递",
        "订单没有指定快递时使用；也是机器人答复里的 {快递}。",
        "text",
        v.text(64),
        "中通快递",
        max=64,
    ),
    Setting(
        "courier_excluded",
        "快递不派送地区",
        "每家快递不派送的省份；审单和修改地址时检查。",
        "map",
        dict[v.Word, list[v.Word]],
        {
            "中通快递": ["香港特别行政区", "澳门特别行政区", "台湾省"],
            "圆通快递": ["香港特别行政区", "澳门特别行政区", "台湾省"],
            "邮政EMS": [],
            "顺丰速运": [],
        },
    ),
    Setting(
        "delivery_days",
        "送达天数",
        "机器人答复里的 {送达天数}，如 2-4。",
        "text",
        v.text(8, v.day_range),
        "2-4",
        max=8,
    ),
    whole_setting("return_days", "无理由退货天数", "机器人答复里的 {退货天数}。", 7, 0, 90),
    whole_setting("price_protection_days", "价保天数", "机器人答复里的 {保价天数}。", 15, 0, 90),
    Setting(
        "cod_fee",
        "货到付款服务费（元）",
        "货到付款另收的费用，确认电话和机器人答复里会说明。",
        "money",
        v.Money,
        "5.00",
        min=0,
    ),
    Setting(
        "invoice_rules",
        "发票说明",
        "机器人答复里的 {发票规则}。",
        "text",
        v.text(500),
        "支持开具电子普通发票和增值税专用发票，确认收货后在订单页申请，3 个工作日内开出。",
        max=500,
    ),
    whole_setting(
        "merge_undo_days",
        "客户合并可撤销天数",
        "合并重复的客户档案后，多少天内可以撤销。",
        30,
        1,
        365,
    ),
    whole_setting(
        "care_limit_count",
        "关怀次数上限（条）",
        "每位客户在下面的天数内最多收到几条关怀消息。",
        1,
        1,
        20,
    ),
    whole_setting(
        "care_limit_days", "关怀频次周期（天）", "关怀次数上限按这么多天计算。", 7, 1, 90
    ),
    Setting(
        "care_quiet_hours",
        "关怀免打扰时段",
        "这个时段不发关怀消息，如 21:00-09:00（可跨午夜）。",
        "hours",
        v.QuietHours,
        "21:00-09:00",
    ),
    Setting(
        "feedback_emails",
        "反馈周报收件人",
        "每类买家反馈的周报发给哪些邮箱。",
        "map",
        Annotated[
            dict[str, list[v.Email]],
            AfterValidator(v.known_keys(_feedback_categories, "反馈类别")),
        ],
        {},
        choices=_feedback_categories,
    ),
    Setting(
        "feedback_report_sent_week",
        "上次发送反馈周报",
        "系统记录：最近一次发出周报的那一周的周一。",
        "text",
        v.Day | None,
        None,
        internal=True,
    ),
]
ALL += SURGE
SETTINGS: dict[str, Setting] = {setting.key: setting for setting in ALL}
