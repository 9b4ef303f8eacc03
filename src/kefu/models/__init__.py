"""Every table, imported here so Alembic and the tests see the whole schema."""

from kefu.models.aftercare import (
    Department,
    InternalTicket,
    PageView,
    ParcelCase,
    PlatformClaim,
    ServiceOrder,
)
from kefu.models.aftersale import CaseNote, Complaint, Refund, RefundTransition, Review
from kefu.models.appraisal import AppraisalSnapshot, KpiTarget, SalesTarget, SkillsScore
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
from kefu.models.invoice import Invoice
from kefu.models.kpi import SessionAgentKpi, SessionKpi
from kefu.models.ops import AuditEntry, LoginThrottle, OutgoingMail
from kefu.models.order import Order, OrderEvent, OrderItem, RemarkFlag, TrackingEvent
from kefu.models.outreach import FollowUp, FollowUpContact, IncidentNotice, IncidentSend
from kefu.models.qc import QcFinding, QcInspection, QcReview
from kefu.models.reship import Intercept, Reship
from kefu.models.shift import (
    AgentAutoReply,
    Duty,
    DutyRotation,
    Handover,
    HandoverRecipient,
    RotaEntry,
    ShiftTemplate,
)
from kefu.models.team import Agent, AgentGroup, AgentStatusChange, GroupLead, LoginSession
from kefu.models.training import (
    Course,
    CourseAssignment,
    ImprovementProposal,
    RectificationNotice,
)
from kefu.models.work import (
    CaseCounter,
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
    "AppraisalSnapshot",
    "Attachment",
    "AuditEntry",
    "Base",
    "CallReview",
    "Campaign",
    "CareSend",
    "CaseCounter",
    "CaseNote",
    "ChatSession",
    "Complaint",
    "Course",
    "CourseAssignment",
    "Customer",
    "CustomerEvent",
    "CustomerMerge",
    "Department",
    "Duty",
    "DutyRotation",
    "Feedback",
    "FollowUp",
    "FollowUpContact",
    "GroupLead",
    "Handoff",
    "Handover",
    "HandoverRecipient",
    "HotlineCall",
    "ImprovementProposal",
    "IncidentNotice",
    "IncidentSend",
    "IntentLabel",
    "Intercept",
    "InternalTicket",
    "Invoice",
    "KbEntry",
    "KbProposal",
    "KpiTarget",
    "LoginSession",
    "LoginThrottle",
    "Message",
    "Order",
    "OrderEvent",
    "OrderItem",
    "OutgoingMail",
    "PageView",
    "ParcelCase",
    "PbxEvent",
    "PhoneCall",
    "PlatformClaim",
    "Product",
    "ProposalStatus",
    "QcFinding",
    "QcInspection",
    "QcReview",
    "QuickPhrase",
    "Rating",
    "RectificationNotice",
    "Refund",
    "RefundTransition",
    "RemarkFlag",
    "Reship",
    "Review",
    "RotaEntry",
    "SalesTarget",
    "Segment",
    "ServiceOrder",
    "SessionAgentKpi",
    "SessionKpi",
    "SessionStateChange",
    "ShiftTemplate",
    "ShopSetting",
    "SkillsScore",
    "Sku",
    "Survey",
    "Task",
    "TrackingEvent",
    "Transfer",
]
