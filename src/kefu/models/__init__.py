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
from kefu.models.hotline import CallReview, HotlineCall, PbxEvent
from kefu.models.kpi import SessionAgentKpi, SessionKpi
from kefu.models.ops import AuditEntry, LoginThrottle, OutgoingMail
from kefu.models.order import Order, OrderEvent, OrderItem, RemarkFlag, TrackingEvent
from kefu.models.qc import QcFinding, QcInspection, QcReview
from kefu.models.team import Agent, AgentGroup, GroupLead, LoginSession
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
    "AgentGroup",
    "Attachment",
    "AuditEntry",
    "Base",
    "CallReview",
    "Campaign",
    "CareSend",
    "CaseNote",
    "ChatSession",
    "Complaint",
    "Customer",
    "CustomerEvent",
    "CustomerMerge",
    "Feedback",
    "GroupLead",
    "Handoff",
    "HotlineCall",
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
    "PbxEvent",
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
    "Segment",
    "SessionAgentKpi",
    "SessionKpi",
    "SessionStateChange",
    "ShopSetting",
    "Sku",
    "Survey",
    "Task",
    "TrackingEvent",
    "Transfer",
]
