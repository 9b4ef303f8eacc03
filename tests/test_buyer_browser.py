"""The buyer's chat page, widget.js and the survey page on the demo shop, in headless Chromium
(issue 13, "Buyer page"), held to the strict checks: no request to another host, no console
error, no failed request, no English. The agents' side is driven through the API and the
agent WebSocket, as the workbench would."""

from __future__ import annotations

import contextlib
import datetime as dt
import sqlite3
import struct
import threading
import zlib
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from zoneinfo import ZoneInfo

import httpx
import pytest
from playwright.sync_api import Page, WebSocketRoute, expect

from tests import live
from tests.app_browser import DEMO_PASSWORD, PHONE, StrictPage, serve_demo_copy, strict_page
from tests.browser import chromium

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture(scope="module")
def shop_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("buyer")


@pytest.fixture(scope="module")
def shop(demo_database: Path, shop_folder: Path) -> Iterator[live.Server]:
    """One demo shop for the tests that leave nothing another reads: no shop hours set, no chat
    handed to an agent (the tests that do, count an agent's chats, so each has its own shop)."""
    with serve_demo_copy(demo_database, shop_folder) as served:
        yield served


def tiny_png() -> bytes:
    """A real 1×1 PNG, so the browser shows it (the server only sniffs the first bytes)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\x50\x00")
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def staff(server: live.Server, login: str) -> httpx.Client:
    return live.login(server, login, DEMO_PASSWORD)


def shop_hours(server: live.Server, value: str) -> None:
    response = staff(server, "wangjie").put(
        "/api/v1/shop/settings/working_hours", json={"value": value}
    )
    assert response.status_code == 204, response.text


def on_duty(server: live.Server, login: str) -> httpx.Client:
    """The agent is at work (在线); her API client acts as her workbench would."""
    http = staff(server, login)
    assert http.put("/api/v1/chat/status", json={"status": "online"}).status_code == 204
    return http


def sessions_of(http: httpx.Client) -> list[dict[str, object]]:
    """The agent's live chats with this test's buyer: a visitor of the chat page (the demo's
    own live chats are with known customers)."""
    live = http.get("/api/v1/chat/sessions").json()
    return [s for s in live if s["status"] == "assigned" and s["customer_id"].startswith("v")]


def open_chat(strict: StrictPage, query: str = "") -> Page:
    page = strict.page
    page.goto(f"{strict.base_url}/chat{query}")
    expect(page.locator("#status")).not_to_have_text("连接中…")
    return page


def say(page: Page, text: str, *, count: int) -> None:
    page.fill("#text", text)
    page.press("#text", "Enter")
    expect(page.locator("#messages li.from-buyer:not(.pending)")).to_have_count(count)


def test_before_the_first_message_the_page_shows_the_hours_and_when_a_reply_comes(
    demo_server: live.Server,
) -> None:
    """Closed now: the hours, when it opens, and that a 留言 gets a reply by a given time."""
    now = dt.datetime.now(SHANGHAI)
    opens, closes = (f"{now + dt.timedelta(hours=h):%H:%M}" for h in (2, 3))
    shop_hours(demo_server, f"{opens}-{closes}")
    info = httpx.get(f"{demo_server.url}/api/v1/chat/shop-info").json()
    assert info["open_now"] is False and info["reply_expectation"].startswith("留言将在")
    with chromium() as browser:
        strict = strict_page(browser, demo_server, viewport=PHONE)
        page = open_chat(strict)
        welcome = page.locator("#welcome")
        expect(welcome).to_be_visible()
        expect(welcome.locator("h1")).to_have_text(info["shop_name"])
        expect(page.locator("#welcome-state")).to_have_text("休息中")
        crosses = "次日" if closes < opens else ""
        expect(page.locator("#hours")).to_have_text(f"每天 {opens}–{crosses}{closes}")
        expect(page.locator("#reply")).to_have_text(info["reply_expectation"])
        expect(page.locator("#closed-note")).to_contain_text(f"{opens} 开始营业")
        expect(page.locator("#closed-note")).to_contain_text("您可以直接留言")
        expect(page.locator("#status")).to_have_text("休息中，可以留言")
        strict.check_readable("buyer chat, closed")

        say(page, "你们几点上班？", count=1)  # a 留言: the welcome gives way to the chat
        expect(welcome).to_be_hidden()
        expect(page.locator("#serving")).to_have_text("留言")
        expect(page.locator("#messages li.from-bot").last).to_contain_text("留言我们已收到")
        strict.check_readable("buyer chat, 留言")
        strict.check()


def test_a_new_chat_after_a_closed_one_gets_a_divider_and_a_fresh_header(
    demo_server: live.Server,
) -> None:
    shop_hours(demo_server, "00:00-24:00")
    mei = on_duty(demo_server, "xiaomei")
    with chromium() as browser:
        strict = strict_page(browser, demo_server, viewport=PHONE)
        page = open_chat(strict)
        expect(page.locator("#status")).to_have_text("客服在线")
        say(page, "在吗？卫衣有L码吗", count=1)
        expect(page.locator("#serving")).to_have_text("小美")
        expect(page.locator("#role")).to_have_text("售前客服")
        expect(page.locator("#status")).to_have_text("人工客服为您服务")
        page.set_input_files(
            "#image", files=[{"name": "a.png", "mimeType": "image/png", "buffer": tiny_png()}]
        )
        expect(page.locator("#messages li.from-buyer img.picture")).to_have_count(1)

        [chat] = sessions_of(mei)
        assert mei.post(f"/api/v1/chat/sessions/{chat['id']}/close").status_code == 204
        expect(page.locator("#messages li.divider")).to_have_text("会话已结束")
        expect(page.locator("#status")).to_have_text("会话已结束")
        expect(page.locator("#end")).to_be_hidden()
        page.locator("#rating button.star[data-score='5']").click()
        page.fill("#rating textarea", "回复很快")
        page.click("#rating button[type=submit]")
        expect(page.locator("#messages .thanks")).to_have_text("感谢您的评价！")
        strict.check_readable("buyer chat, closed and rated")

        say(page, "我还想问下发货时间", count=3)  # a new chat: the header starts afresh
        expect(page.locator("#serving")).to_have_text("小美")
        expect(page.locator("#status")).to_have_text("人工客服为您服务")
        expect(page.locator("#end")).to_be_visible()
        expect(page.locator("#messages li.divider")).to_have_count(1)
        expect(page.locator("#messages li").last).not_to_have_class("divider")
        strict.check_readable("buyer chat, second chat")
        strict.check()
    [second] = sessions_of(mei)
    assert second["id"] != chat["id"]


def test_an_over_long_text_is_refused_in_chinese_before_sending_and_the_draft_stays(
    shop: live.Server,
) -> None:
    with chromium() as browser:
        strict = strict_page(browser, shop)
        page = open_chat(strict)
        page.fill("#text", "好" * 1900)
        expect(page.locator("#counter")).to_have_text("还可输入 100 字")
        draft = "请问这件衣服" + "好" * 1995
        page.fill("#text", draft)
        expect(page.locator("#counter")).to_have_text(
            "已超出 1 字（每条最多 2000 字），请删减后发送"
        )
        expect(page.locator("#send")).to_be_disabled()
        page.press("#text", "Enter")
        page.wait_for_timeout(300)
        expect(page.locator("#messages li")).to_have_count(0)
        assert page.input_value("#text") == draft
        page.set_input_files(
            "#image",
            files=[{"name": "big.png", "mimeType": "image/png", "buffer": b"\0" * 6_000_000}],
        )
        expect(page.locator("#send-error")).to_have_text("图片不能超过 5 MB，请压缩或截图后再发送")
        strict.check_readable("buyer chat, over the limits")
        page.fill("#text", draft[:2000])
        expect(page.locator("#send")).to_be_enabled()
        strict.check()


def test_a_send_the_server_refuses_comes_back_into_the_box_with_the_reason(
    shop: live.Server,
) -> None:
    """Should the page's limit ever differ from the server's, the refusal keeps the text."""
    with chromium() as browser:
        strict = strict_page(browser, shop)

        def looser(route: object) -> None:
            response = route.fetch()  # type: ignore[attr-defined]
            route.fulfill(response=response, json={**response.json(), "max_text_length": 3000})  # type: ignore[attr-defined]

        strict.page.route("**/api/v1/chat/shop-info", looser)
        page = open_chat(strict)
        draft = "好" * 2001
        page.fill("#text", draft)
        page.press("#text", "Enter")
        expect(page.locator("#send-error")).to_have_text("消息不能超过 2000 字")
        expect(page.locator("#messages li.from-buyer")).to_have_count(0)
        assert page.input_value("#text") == draft
        strict.check()


def test_the_buyer_sees_the_introduction_and_the_transfer_as_notices(
    demo_server: live.Server,
) -> None:
    shop_hours(demo_server, "00:00-24:00")
    mei = on_duty(demo_server, "xiaomei")
    on_duty(demo_server, "xiaowang")
    with chromium() as browser:
        strict = strict_page(browser, demo_server)
        page = open_chat(strict)
        say(page, "这件卫衣还有货吗", count=1)
        notices = page.locator("#messages li.notice")
        expect(notices.last).to_have_text("您好，我是售前客服小美，很高兴为您服务～")
        [chat] = sessions_of(mei)
        moved = mei.post(
            f"/api/v1/chat/sessions/{chat['id']}/transfer",
            json={"to_agent": "xiaowang", "reason": "退货归售后"},
        )
        assert moved.status_code == 200, moved.text
        expect(notices).to_have_text(
            [
                "您好，我是售前客服小美，很高兴为您服务～",
                "已为您转接售后小王",
                "您好，我是售后客服小王，很高兴为您服务～",
            ]
        )
        expect(page.locator("#messages li.message.from-system")).to_have_count(0)
        expect(page.locator("#serving")).to_have_text("小王")
        expect(page.locator("#role")).to_have_text("售后客服")
        assert notices.first.evaluate("li => getComputedStyle(li).textAlign") == "center"
        strict.check_readable("buyer chat, transferred")
        strict.check()


def test_a_dropped_line_resumes_without_duplicates_and_resends_what_was_not_acknowledged(
    demo_server: live.Server,
) -> None:
    shop_hours(demo_server, "00:00-24:00")
    mei = on_duty(demo_server, "xiaomei")
    line = {"down": False, "open": []}

    def relay(ws: WebSocketRoute) -> None:
        """The buyer's socket, through a line the test can cut."""
        if line["down"]:
            ws.close()
            return
        line["open"].append((ws, ws.connect_to_server()))

    with chromium() as browser:
        strict = strict_page(browser, demo_server, viewport=PHONE)
        strict.page.route_web_socket("**/ws/buyer*", relay)
        page = open_chat(strict)
        say(page, "在吗", count=1)
        expect(page.locator("#serving")).to_have_text("小美")
        [chat] = sessions_of(mei)
        agent = live.agent(demo_server, mei.cookies["kefu_session"])
        agent.send(type="typing", session_id=chat["id"])
        expect(page.locator("#typing")).to_have_text("客服正在输入…")

        line["down"] = True
        for client, server in line["open"]:
            server.close()
            client.close()
        expect(page.locator("#status")).to_have_text("网络连接断开，正在重新连接…")
        page.fill("#text", "我在地铁上，信号不好")
        page.press("#text", "Enter")  # waits, marked, until the line is back
        expect(page.locator("#messages li.pending")).to_have_count(1)
        for n, text in enumerate(["您好，在的", "请问有什么可以帮您"]):
            agent.send(type="send", session_id=chat["id"], client_id=f"d-{n}", text=text)
            agent.expect("ack", client_id=f"d-{n}")
        agent.close()
        line["down"] = False

        expect(page.locator("#messages li.from-agent .bubble")).to_have_text(
            ["您好，在的", "请问有什么可以帮您"], timeout=15_000
        )
        expect(page.locator("#messages li.from-buyer:not(.pending) .bubble")).to_have_text(
            ["在吗", "我在地铁上，信号不好"]
        )
        expect(page.locator("#typing")).to_be_hidden()
        expect(page.locator("#status")).to_have_text("人工客服为您服务")
        page.wait_for_timeout(500)  # nothing more may come
        ids = page.locator("#messages li[data-id]").evaluate_all(
            "items => items.map(i => i.dataset.id)"
        )
        assert len(ids) == len(set(ids)) == 6  # greeting, introduction, 2 + 2
        strict.check()
    stored = mei.get(f"/api/v1/chat/sessions/{chat['id']}/messages").json()
    assert [m["text"] for m in stored if m["from"] == "buyer"] == ["在吗", "我在地铁上，信号不好"]


def test_the_product_on_the_page_reaches_the_agents_session(demo_server: live.Server) -> None:
    shop_hours(demo_server, "00:00-24:00")
    mei = on_duty(demo_server, "xiaomei")
    with chromium() as browser:
        strict = strict_page(browser, demo_server, viewport=PHONE)
        page = open_chat(strict, "?product=p001")
        expect(page.locator("#ask")).to_contain_text("客服会看到您正在浏览的商品")
        say(page, "这件有L码吗", count=1)
        expect(page.locator("#product")).to_have_text("正在咨询：纯棉圆领短袖T恤 男女同款")
        strict.check_readable("buyer chat about a product")
        strict.check()
    [chat] = sessions_of(mei)
    assert (chat["product_id"], chat["product_title"]) == ("p001", "纯棉圆领短袖T恤 男女同款")


SHOP_PAGE = """<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>商品详情</title>
<body><h1>重磅加绒连帽卫衣</h1>
<script src="{kefu}/widget.js" data-product-id="p002" async></script></body></html>"""


@contextlib.contextmanager
def shop_site(kefu: str) -> Iterator[str]:
    """The shop's own product page, served from another origin than Kefu's (a real local
    server: Chromium lets only pages on this machine load scripts from 127.0.0.1)."""
    body = SHOP_PAGE.format(kefu=kefu).encode()

    class Page(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Page)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://localhost:{server.server_port}/shop/p002.html"
    finally:
        server.shutdown()
        server.server_close()


def test_the_widget_opens_the_chat_with_the_product_and_counts_unread_replies(
    demo_server: live.Server,
) -> None:
    shop_hours(demo_server, "00:00-24:00")
    mei = on_duty(demo_server, "xiaomei")
    with chromium() as browser, shop_site(demo_server.url) as shop_url:
        strict = strict_page(browser, demo_server)
        page = strict.page
        page.goto(shop_url)
        button = page.locator("[data-kefu-widget] .button")
        expect(button).to_have_text("联系客服")
        button.click()
        frame = page.frame_locator("[data-kefu-widget] iframe")
        src = page.locator("[data-kefu-widget] iframe").get_attribute("src") or ""
        assert src.startswith(f"{demo_server.url}/chat?") and "product=p002" in src
        expect(frame.locator("#hide")).to_be_visible()
        frame.locator("#text").fill("卫衣起球吗")
        frame.locator("#text").press("Enter")
        expect(frame.locator("#serving")).to_have_text("小美")
        [chat] = sessions_of(mei)
        assert chat["product_id"] == "p002"

        frame.locator("#hide").click()  # the panel closes; replies now count as unread
        expect(page.locator("[data-kefu-widget] .panel")).to_be_hidden()
        agent = live.agent(demo_server, mei.cookies["kefu_session"])
        for n, text in enumerate(["您好，不起球的", "面料是精梳棉"]):
            agent.send(type="send", session_id=chat["id"], client_id=f"w-{n}", text=text)
            agent.expect("ack", client_id=f"w-{n}")
        agent.close()
        badge = page.locator("[data-kefu-widget] .badge")
        expect(badge).to_have_text("2")
        button.click()
        expect(badge).to_be_hidden()
        expect(frame.locator("#messages li.from-agent")).to_have_count(2)
        strict.check()


def test_on_a_phone_the_widget_opens_the_chat_in_a_new_window(shop: live.Server) -> None:
    with chromium() as browser, shop_site(shop.url) as shop_url:
        strict = strict_page(browser, shop, viewport=PHONE)
        page = strict.page
        page.goto(shop_url)
        with page.expect_popup() as opened:
            page.locator("[data-kefu-widget] .button").click()
        chat = opened.value
        chat.wait_for_load_state()
        # The widget passes the product and its page-view id (selling help's 浏览足迹).
        assert chat.url.startswith(f"{shop.url}/chat?product=p002&viewer=v")
        expect(chat.locator("#welcome")).to_be_visible()
        strict.check()


def resolved_refund_survey(server: live.Server, database: Path) -> str:
    """A survey link for a resolved after-sales case of the demo not yet surveyed."""
    with sqlite3.connect(database) as db:
        refunds = [row[0] for row in db.execute("SELECT id FROM refunds WHERE status = 'refunded'")]
    wang = staff(server, "xiaowang")
    for refund_id in refunds:
        sent = wang.post("/api/v1/surveys", json={"case_kind": "refund", "case_id": refund_id})
        if sent.status_code == 201:
            link = httpx.URL(sent.json()["link"])
            return f"{link.path}?{link.query.decode()}"
    raise AssertionError("the demo has no resolved refund left to survey")


def test_the_survey_page_takes_a_score_and_a_comment_once(
    shop: live.Server, shop_folder: Path
) -> None:
    path = resolved_refund_survey(shop, shop_folder / "shop.db")
    with chromium() as browser:
        strict = strict_page(browser, shop, viewport=PHONE)
        page = strict.page
        page.goto(f"{shop.url}{path}")
        expect(page.locator("#lead")).to_have_text("您的售后问题已处理完毕，请为我们的服务打分。")
        page.click("#answer button[type=submit]")
        expect(page.locator("#error")).to_have_text("请先点击星星选择评分")
        page.locator("button.star[data-score='4']").click()
        expect(page.locator(".star-word")).to_have_text("满意")
        page.fill("#comment", "退款很及时")
        page.click("#answer button[type=submit]")
        expect(page.locator("#thanks")).to_have_text("感谢您的评价！我们会继续努力。")
        strict.check_readable("survey answered")
        page.reload()
        expect(page.locator("#thanks")).to_have_text("您已提交过评价（4 分），谢谢！")
        strict.check()

        forged = strict_page(browser, shop)
        forged.allowed_statuses.add(403)
        forged.page.goto(f"{shop.url}{path.split('?')[0]}?sig={'0' * 32}")
        expect(forged.page.locator("#lead")).to_have_text("问卷链接无效")
        expect(forged.page.locator("#answer")).to_be_hidden()
        forged.check()
