"""Every table, imported here so Alembic and the tests see the whole schema."""

from kefu.models.aftersale import CaseNote, Complaint, Refund, RefundTransition, Review
from kefu.models.base import Base
from kefu.models.catalog import Product, Sku
from kefu.models.chat import (
    Attachment,
    ChatSession,
    Handoff,
    Message,
    PhoneCall,
    Rating,
    SessionStateChange,
    Transfer,
)
from kefu.models.crm import (
    Campaign,
    CareSend,
    Customer,
    CustomerEvent,
    CustomerMerge,
    Feedback,
    Segment,
    Survey,
)
from kefu.models.kpi import SessionAgentKpi, SessionKpi
from kefu.models.ops import AuditEntry, LoginThrottle, OutgoingMail
from kefu.models.order import Order, OrderEvent, OrderItem, RemarkFlag, TrackingEvent
from kefu.models.qc import QcFinding, QcInspection, QcReview
from kefu.models.shift import (
    AgentAutoReply,
    Duty,
    DutyRotation,
    Handover,
    RotaEntry,
    ShiftTemplate,
)
from kefu.models.team import Agent, AgentGroup, AgentStatusChange, GroupLead, LoginSession
from kefu.models.work import (
    IntentLabel,
    KbEntry,
    KbProposal,
    ProposalStatus,
    QuickPhrase,
    ShopSetting,
    Task,
)

__all__ = [
    "Agent",
    "AgentAutoReply",
    "AgentGroup",
    "AgentStatusChange",
    "Attachment",
    "AuditEntry",
    "Base",
    "Campaign",
    "CareSend",
    "CaseNote",
    "ChatSession",
    "Complaint",
    "Customer",
    "CustomerEvent",
    "CustomerMerge",
    "Duty",
    "DutyRotation",
    "Feedback",
    "GroupLead",
    "Handoff",
    "Handover",
    "IntentLabel",
    "KbEntry",
    "KbProposal",
    "LoginSession",
    "LoginThrottle",
    "Message",
    "Order",
    "OrderEvent",
    "OrderItem",
    "OutgoingMail",
    "PhoneCall",
    "Product",
    "ProposalStatus",
    "QcFinding",
    "QcInspection",
    "QcReview",
    "QuickPhrase",
    "Rating",
    "Refund",
    "RefundTransition",
    "RemarkFlag",
    "Review",
    "RotaEntry",
    "Segment",
    "SessionAgentKpi",
    "SessionKpi",
    "SessionStateChange",
    "ShiftTemplate",
    "ShopSetting",
    "Sku",
    "Survey",
    "Task",
    "TrackingEvent",
    "Transfer",
]
