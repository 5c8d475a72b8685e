"""The web chat end to end in Debian's headless Chromium (Selenium and chromium-driver):
the visitor opens /chat/ and writes in Korean, the chat arrives as a chat ticket, an
agent's reply written by a desk through the team server appears in the page live, typing
shows both ways, Enter in the middle of an IME composition does not send, and the widget
reconnects after its stream is cut. One browser for the module."""

from __future__ import annotations

import json
import os
import shutil
import time

import pytest
from sqlalchemy import text

from tests.conftest import fresh_pg_database
from tests.factories import seed_small
from tests.webchat_support import ChatServer, Desk, set_chat_settings

CHROMIUM, DRIVER = "/usr/bin/chromium", "/usr/bin/chromedriver"


def _need_chromium() -> None:
    if os.path.exists(CHROMIUM) and os.path.exists(DRIVER):
        return
    if os.environ.get("CI"):
        pytest.fail("chromium and chromium-driver are required in CI (.ci/run installs them)")
    pytest.skip("chromium / chromium-driver not installed")


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    _need_chromium()
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    profile = tmp_path_factory.mktemp("chromium-profile")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage", f"--user-data-dir={profile}", "--lang=ko-KR"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(DRIVER), options=options)
    driver.set_page_load_timeout(15)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    _need_chromium()
    with fresh_pg_database() as db:
        seed_small(db)
        set_chat_settings(db, team="카드상담팀")
        server = ChatServer(db)
        desk = Desk(tmp_path_factory.mktemp("desk"), db, "kim.minji")
        try:
            yield db, server, desk
        finally:
            desk.close()
            server.close()


def _until(pred, timeout: float = 5.0, what: str = "the condition"):
    from selenium.common.exceptions import StaleElementReferenceException

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            value = pred()
        except StaleElementReferenceException:  # the widget re-rendered under the read: read again
            value = None
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"{what} not within {timeout} s")


def _ticket_with(db, body: str):
    with db.engine.connect() as c:
        return c.execute(text("SELECT t.id, t.number, t.channel, t.team_id FROM tickets t JOIN messages m "
                              "ON m.ticket_id = t.id WHERE m.body = :b"), {"b": body}).first()


def _script_errors(browser) -> list[str]:
    """The page's script errors and Content-Security-Policy refusals since the last call."""
    return [e["message"] for e in browser.get_log("browser")
            if "Uncaught" in e["message"] or "Content Security Policy" in e["message"]]


def _texts(browser, who: str) -> list[str]:
    # One script, one moment: element by element, a re-render (after a reconnect the widget
    # draws its history again) between the find and the read made them stale.
    return browser.execute_script(
        "return Array.from(document.querySelectorAll(arguments[0])).map(e => e.textContent)",
        f".adc-msg.adc-{who} .adc-text")


@pytest.fixture(scope="module")
def chat(browser, world):
    """The standalone chat page, open, with its first Korean message sent."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    db, server, desk = world
    browser.get(server.url + "/chat/")
    box = _until(lambda: browser.find_elements(By.CSS_SELECTOR, ".adc-open .adc-input"), what="the chat panel")[0]
    _until(lambda: browser.execute_script("return !!localStorage.getItem('agentdesk-chat:' + location.origin)"),
           what="a started conversation")
    box.send_keys("안녕하세요, 카드를 잃어버렸어요 똠방각하")
    box.send_keys(Keys.ENTER)
    ticket = _until(lambda: _ticket_with(db, "안녕하세요, 카드를 잃어버렸어요 똠방각하"), what="the chat ticket")
    return db, server, desk, ticket


def test_korean_chat_becomes_a_chat_ticket_in_the_team(chat, browser):
    db, server, desk, ticket = chat
    with db.engine.connect() as c:
        team = c.execute(text("SELECT id FROM teams WHERE name = '카드상담팀'")).scalar()
    assert ticket.channel == "chat" and ticket.team_id == team
    assert _texts(browser, "visitor") == ["안녕하세요, 카드를 잃어버렸어요 똠방각하"]
    assert browser.find_element("css selector", ".adc-input").get_attribute("value") == ""
    assert browser.find_element("css selector", ".adc-root").get_attribute("lang") == "ko"
    assert _script_errors(browser) == []


def test_the_agents_reply_appears_live_and_survives_a_dropped_stream(chat, browser):
    db, server, desk, ticket = chat
    desk.reply(ticket.number, "<b>안녕하세요</b> 고객님, 카드 정지 도와드릴게요.")
    _until(lambda: "<b>안녕하세요</b> 고객님, 카드 정지 도와드릴게요." in _texts(browser, "agent"), what="the reply")
    # Shown as text, never as markup.
    assert not browser.find_elements("css selector", ".adc-msg b")
    # The stream is cut (a network drop, a server restart): the widget reconnects and the
    # next reply still arrives, once; the history it gets again is not doubled.
    server.app.state.webchat.end_streams()
    time.sleep(0.3)
    desk.reply(ticket.number, "재연결 후 답변입니다.")
    _until(lambda: "재연결 후 답변입니다." in _texts(browser, "agent"), timeout=8, what="the reply after reconnecting")
    assert _texts(browser, "agent").count("<b>안녕하세요</b> 고객님, 카드 정지 도와드릴게요.") == 1


def test_typing_shows_both_ways(chat, browser):
    from agentdesk.sync.transport import HttpTransport
    from tests.test_sync_support import _mint

    db, server, desk, ticket = chat
    transport = HttpTransport(server.url, "kim.minji", token=_mint(db, "kim.minji"))
    with transport.open_pokes() as ws:
        json.loads(ws.recv(timeout=5))  # the first poke
        box = browser.find_element("css selector", ".adc-input")
        box.send_keys("잠시만")

        def customer_typing():
            message = json.loads(ws.recv(timeout=5))
            return message if message.get("kind") == "typing" else None

        event = _until(customer_typing, what="the customer's typing on the desk's socket")
        assert event["ticket"] == str(ticket.id) and event["who"] == "customer" and event["on"] is True
        ws.send(json.dumps({"typing": {"ticket": str(ticket.id), "on": True}}))
        _until(lambda: browser.find_element("css selector", ".adc-typing").text == "상담원이 입력 중…",
               what="the agent's typing in the page")
        ws.send(json.dumps({"typing": {"ticket": str(ticket.id), "on": False}}))
        _until(lambda: browser.find_element("css selector", ".adc-typing").text == "", what="typing off")
    box.clear()


def test_enter_during_an_ime_composition_does_not_send(chat, browser):
    db, server, desk, ticket = chat
    before = len(_texts(browser, "visitor"))
    # What a Korean IME does: compositionstart, the syllable being composed, and the Enter
    # that commits it (Chrome marks that keydown isComposing; some browsers do not, so the
    # widget follows the composition events themselves).
    browser.execute_script("""
        const box = document.querySelector('.adc-input');
        box.focus();
        box.value = '';
        box.dispatchEvent(new CompositionEvent('compositionstart', {data: ''}));
        box.value = '한';
        box.dispatchEvent(new KeyboardEvent('keydown', {key: 'Enter', bubbles: true, cancelable: true}));
        box.dispatchEvent(new KeyboardEvent('keydown', {key: 'Enter', keyCode: 229, isComposing: true,
                                                         bubbles: true, cancelable: true}));
    """)
    time.sleep(0.3)
    assert len(_texts(browser, "visitor")) == before
    assert browser.find_element("css selector", ".adc-input").get_attribute("value") == "한"
    browser.execute_script("""
        const box = document.querySelector('.adc-input');
        box.value = '한글 조합 끝';
        box.dispatchEvent(new CompositionEvent('compositionend', {data: '끝'}));
        box.dispatchEvent(new KeyboardEvent('keydown', {key: 'Enter', bubbles: true, cancelable: true}));
    """)
    _until(lambda: _texts(browser, "visitor")[-1:] == ["한글 조합 끝"], what="the message after the composition")
    _until(lambda: _ticket_with(db, "한글 조합 끝"), what="the message on the ticket")
    assert _ticket_with(db, "한글 조합 끝").id == ticket.id


def test_after_hours_a_new_visitor_leaves_an_email_in_english(chat, browser):
    from selenium.webdriver.common.by import By

    db, server, desk, ticket = chat
    set_chat_settings(db, team="카드상담팀", hours="Mon-Fri 09:00-09:01", zone="Asia/Seoul")
    server.app.state.webchat._config = None
    try:
        browser.execute_script("localStorage.clear()")
        browser.get(server.url + "/chat/?lang=en")
        form = _until(lambda: [f for f in browser.find_elements(By.CSS_SELECTOR, ".adc-away") if f.is_displayed()],
                      what="the after-hours form")[0]
        assert "We are away right now" in form.text and "Mon-Fri 09:00-09:01" in form.text
        assert not browser.find_element(By.CSS_SELECTOR, ".adc-form").is_displayed()
        browser.find_element(By.CSS_SELECTOR, ".adc-email").send_keys("not-an-address@")
        browser.find_element(By.CSS_SELECTOR, ".adc-question").send_keys("내일 전화 주세요")
        browser.find_element(By.CSS_SELECTOR, ".adc-email").clear()
        browser.find_element(By.CSS_SELECTOR, ".adc-email").send_keys("hong@example.co.kr")
        browser.find_element(By.CSS_SELECTOR, ".adc-leave").click()
        _until(lambda: "reply by email" in browser.find_element(By.CSS_SELECTOR, ".adc-away").text,
               what="the thank-you line")
        with db.engine.connect() as c:
            _until(lambda: c.execute(text("SELECT count(*) FROM chat_conversations WHERE email = 'hong@example.co.kr'"))
                   .scalar() == 1, what="the email stored")
        assert _ticket_with(db, "내일 전화 주세요").channel == "chat"
        assert _script_errors(browser) == []
    finally:
        set_chat_settings(db, team="카드상담팀")
        server.app.state.webchat._config = None
