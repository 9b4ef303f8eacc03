"""The demo shop's hotline: a call the PBX reported (with its recording) from a buyer whose
complaint is open, a missed call still to call back today and one called back yesterday,
and outbound call tasks with their scripts, so every hotline page has something on it."""

from __future__ import annotations

import io
import wave

from kefu.crm import service as crm_service
from kefu.demo.replay import HOUR, Demo, at
from kefu.hotline import pbx, recordings, service
from kefu.hotline.schemas import CallFormIn, PbxEventIn


def silent_wav(seconds: float = 1.0) -> bytes:
    """A short silent WAV: a real audio file for the demo's recording (no data file needed)."""
    out = io.BytesIO()
    with wave.open(out, "wb") as audio:
        audio.setnchannels(1)
        audio.setsampwidth(2)
        audio.setframerate(8000)
        audio.writeframes(b"\x00\x00" * int(8000 * seconds))
    return out.getvalue()


def do_seed_calls(demo: Demo) -> None:
    delivered = demo.orders_in("delivered")
    complaining = crm_service.get_customer(demo.db, delivered[-1]["customer"])
    number = complaining.phone or "13800000000"
    rang = demo.ago(1.5)
    hotline_call_id = ""
    for event, minutes, extra in (
        ("ringing", 0, {"phone": number}),
        ("answered", 0.2, {"agent": "xiaozhao"}),
        ("ended", 4.5, {"duration_s": 258}),
    ):
        when = rang + minutes * HOUR / 60
        posted = PbxEventIn(call_id="demo-call-1", event=event, at=when, **extra)
        with at(when):
            hotline_call_id = pbx.do_apply(demo.db, event=posted).hotline_call_id
    stored = recordings.save_upload(io.BytesIO(silent_wav()))
    with at(rang + HOUR / 12):
        pbx.do_apply_recording_file(demo.db, call_id="demo-call-1", stored=stored)
    with at(rang + HOUR / 10):
        service.do_save_form(
            demo.db,
            agent=demo.agent("xiaozhao"),
            form=CallFormIn(
                phone=number,
                hotline_call_id=hotline_call_id,
                reason="投诉",
                result="买家催投诉处理进度，已告知售后今天答复，并登记回电",
            ),
        )
    _missed_calls(demo)
    _call_tasks(demo)


def _missed(demo: Demo, call_id: str, number: str, hours_ago: float) -> str | None:
    """A missed call as the PBX reported it then; its call-back task's id."""
    when = demo.ago(hours_ago)
    with at(when):
        event = PbxEventIn(call_id=call_id, event="missed", phone=number, at=when)
        return pbx.do_apply(demo.db, event=event).task_id


def _missed_calls(demo: Demo) -> None:
    """One from an unknown landline half an hour ago; one from a buyer yesterday, called back."""
    _missed(demo, "demo-missed-1", "021-6234 5678", 0.5)
    buyer = crm_service.get_customer(demo.db, demo.orders_in("paid")[0]["customer"])
    number = buyer.phone or "13900000000"
    task_id = _missed(demo, "demo-missed-0", number, 20)
    with at(demo.ago(19)):
        service.do_save_form(
            demo.db,
            agent=demo.agent("afang"),
            form=CallFormIn(
                phone=number,
                direction="out",
                task_id=task_id,
                duration_s=75,
                reason="回拨",
                result="买家问发货时间，已告知今天发出",
            ),
        )


def _call_tasks(demo: Demo) -> None:
    cod = [o for o in demo.orders_in("paid") if o.get("cod")] or demo.orders_in("paid")[1:2]
    for order in cod[:1]:
        service.do_add_call_task(
            demo.db,
            customer_id=order["customer"],
            reason="cod_confirmation",
            script=None,
            due_at=demo.now + 2 * HOUR,
            order_id=order["id"],
        )
    quiet = demo.orders_in("delivered")[40]
    service.do_add_call_task(
        demo.db,
        customer_id=quiet["customer"],
        reason="at_risk",
        script=None,
        due_at=demo.now + 5 * HOUR,
    )
