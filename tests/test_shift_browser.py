"""排班 and 交接班 in the staff app (issue 15): the evening shift's handover is shown to and
acknowledged by the night shift, and not to a colleague off that shift; the supervisor assigns a shift by dragging and by picking,
and a lead's calendar holds her own group only. Screenshots go to $KEFU_SCREENSHOTS if set."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect

from tests import live
from tests.app_browser import DEMO_PASSWORD, strict_page
from tests.browser import chromium

pytestmark = pytest.mark.browser


def shot(page: object, name: str) -> None:
    folder = os.environ.get("KEFU_SCREENSHOTS")
    if folder:
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)  # type: ignore[attr-defined]


def put_on_tonight(server: live.Server, shifts: dict[str, str | None]) -> None:
    """Today in Shanghai: each login on the named shift (None: off), whatever the demo planned."""
    boss = live.login(server, "wangjie", DEMO_PASSWORD)
    ids = {row["name"]: row["id"] for row in boss.get("/api/v1/shifts/templates").json()}
    today = dt.datetime.now(ZoneInfo("Asia/Shanghai")).date().isoformat()
    for login, name in shifts.items():
        shift = ids[name] if name else None
        put = boss.put(f"/api/v1/shifts/rota/{login}/{today}", json={"template_id": shift})
        put.raise_for_status()


def test_the_night_shift_reads_and_acknowledges_the_evening_handover(
    demo_server: live.Server,
) -> None:
    put_on_tonight(demo_server, {"xiaomei": "晚班", "xiaoli": "夜班", "ajie": None})
    with chromium() as browser:
        evening = strict_page(browser, demo_server)
        evening.log_in("xiaomei", next_path="/handovers")
        evening.settle()
        evening.page.fill("[data-test=handover-notes]", "今晚咨询多，L 码库存只剩 3 件")
        evening.page.click("[data-test=add-item]")
        last = evening.page.locator("input[data-test^=item-]").last
        last.fill("明早 10:00 回电张先生确认地址")
        shot(evening.page, "handover-write")
        evening.page.click("[data-test=submit-handover]")
        expect(evening.page.locator(".el-message")).to_contain_text("交接已提交")
        expect(evening.page.locator("[data-test=handover-history]")).to_contain_text("待确认")
        evening.check_readable("交接班（写）")

        night = strict_page(browser, demo_server)
        night.log_in("xiaoli")
        banner = night.page.locator("[data-test=handover-banner]")
        expect(banner).to_contain_text("上一班留下 1 条交接待您确认")
        shot(night.page, "handover-banner")
        banner.get_by_text("去查看").click()
        pending = night.page.locator("[data-test=pending-handovers]")
        expect(pending).to_contain_text("今晚咨询多，L 码库存只剩 3 件")
        expect(pending).to_contain_text("明早 10:00 回电张先生确认地址")
        expect(pending).to_contain_text("小美")
        shot(night.page, "handover-pending")
        night.check_readable("交接班（待确认）")
        pending.locator("[data-test=acknowledge]").click()
        expect(pending).to_have_count(0)
        history = night.page.locator("[data-test=handover-history]")
        expect(history).to_contain_text("小丽 ·")
        night.check()
        evening.check()

        off_shift = strict_page(browser, demo_server)  # 阿杰, 售前组 too, is not on tonight
        off_shift.log_in("ajie", next_path="/handovers")
        off_shift.settle()
        expect(off_shift.page.locator("[data-test=handover-history]")).to_contain_text("暂无数据")
        expect(off_shift.page.locator("[data-test=pending-handovers]")).to_have_count(0)
        off_shift.open("/")
        expect(off_shift.page.locator("[data-test=handover-banner]")).to_have_count(0)
        off_shift.check()


def test_the_supervisor_drags_and_picks_shifts_and_a_lead_sees_her_group(
    demo_server: live.Server,
) -> None:
    with chromium() as browser:
        boss = strict_page(browser, demo_server)
        boss.log_in("wangjie", next_path="/rota")
        boss.settle()
        grid = boss.page.locator("[data-test=rota-grid]")
        expect(grid).to_contain_text("阿芳")  # the demo week's hotline night shifts
        shot(boss.page, "rota-supervisor")
        boss.check_readable("排班")
        row = grid.locator("tr[data-agent=xiaozhao]")
        sunday = row.locator("button.cell").nth(6)
        expect(sunday).to_contain_text("休")
        boss.page.locator("[data-test=shift-夜班]").drag_to(sunday)
        expect(sunday).to_contain_text("夜班")
        boss.page.click("[data-test=shift-通宵]")  # pick, then click: no mouse drag needed
        saturday = row.locator("button.cell").nth(5)
        saturday.click()
        expect(saturday).to_contain_text("通宵")
        boss.page.reload()
        boss.settle()
        expect(grid.locator("tr[data-agent=xiaozhao] button.cell").nth(6)).to_contain_text("夜班")
        entries = boss.page.locator("[data-test=entry-list]")
        entries.locator("[data-test=search]").fill("小赵")
        expect(entries.locator(".el-pagination__total")).to_contain_text("共 7 条")
        boss.page.get_by_role("tab", name="值班明细").click()
        expect(boss.page.locator("[data-test=duty-list]")).to_contain_text("夜间热线")
        shot(boss.page, "rota-lists")
        bad = {"name": "d.xlsx", "mimeType": "application/octet-stream", "buffer": b"not xlsx"}
        boss.allowed_statuses.add(422)  # the refused file, shown as a dialog
        boss.page.set_input_files("[data-test=import-duties-file]", files=[bad])
        expect(boss.page.locator(".el-message-box")).to_contain_text("不是 Excel")
        boss.page.get_by_role("button", name="知道了").click()
        boss.check()

        lead = strict_page(browser, demo_server)
        lead.log_in("dagang", next_path="/rota")
        lead.settle()
        lead.page.click("[data-test=next-week]")
        lead.settle()
        names = lead.page.locator("[data-test=rota-grid] tbody th.who")
        expect(names).to_have_count(2)
        expect(lead.page.locator("[data-test=rota-grid]")).to_contain_text("兰兰")
        shot(lead.page, "rota-lead-next-week")
        lead.check_readable("排班（主管）")
        lead.check()
