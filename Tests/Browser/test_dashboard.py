"""The dashboard in Chromium: a scenario's transaction and its timeline while callbacks fail and retry, paying and
refunding from its page with the change shown live (no reload), without JavaScript, the admin-token prompt, and
every page at desktop and phone sizes with zero axe-core violations."""

import http.server
import json
import threading

import pytest
from axe_selenium_python import Axe
from selenium.webdriver.common.by import By

from conftest import DESKTOP, PHONE, screenshot, size, start_sandbox, stop_sandbox, wait
from dashboard import attempts_drawn, dashboard, find, mark_page, not_reloaded, submit, text, texts, wait_live
from sandbox_api import SandboxAPI

AXE_OPTIONS = json.dumps({"runOnly": {"type": "tag", "values": [
    "wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]}})
ADMIN_TOKEN = "browser-suite-admin"


class _FailingMerchant(http.server.BaseHTTPRequestHandler):
    """A merchant whose callback endpoint is down: 503 to everything."""

    def do_GET(self):
        self.send_response(503)
        self.send_header("Content-Type", "text/plain")
        self.end_headers()
        self.wfile.write(b"merchant down for maintenance")

    do_POST = do_GET

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def failing_merchant():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _FailingMerchant)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/callbacks"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def frozen():
    """A sandbox of its own with a frozen clock, so callback retries come only when a test moves time."""
    process, base = start_sandbox("--clock", "frozen")
    try:
        yield SandboxAPI(base)
    finally:
        stop_sandbox(process)


@pytest.fixture(scope="module")
def guarded():
    """A sandbox started with --admin-token."""
    process, base = start_sandbox("--admin-token", ADMIN_TOKEN)
    try:
        yield SandboxAPI(base)
    finally:
        stop_sandbox(process)


def checkout(api, scenario=None, callback_url=None, reference="dash-1001"):
    sid = api.create_session("https://shop.example/return", reference=reference, amount=100000,
                             callback_url=callback_url)
    return api.complete(sid, scenario=scenario)


def delivered_attempts(api, transaction_id):
    deliveries = api.control("GET", f"/__sandbox/callbacks?transaction_id={transaction_id}")["deliveries"]
    return sum(len(delivery["attempts"]) for delivery in deliveries)


def test_a_scenario_runs_and_the_timeline_shows_every_callback_attempt_live(driver, frozen, failing_merchant):
    transaction = checkout(frozen, scenario="on-hold-then-captured", callback_url=failing_merchant,
                           reference="dash-on-hold")
    tid = transaction["id"]
    # The first attempt is due at once; it is sent in the background, so wait for it in the journal.
    frozen.control("POST", "/__sandbox/journal/await", {
        "filter": {"direction": "outbound", "transaction_id": tid}, "count": 1, "timeout_ms": 20000})
    driver.get(dashboard(frozen.base, "/transactions"))
    link = find(driver, "transaction-link")
    assert link.text == tid
    link.click()
    wait(driver, lambda d: tid in d.title, message="the transaction page did not open")
    assert "ON_HOLD" in text(driver, "transaction-status")
    assert attempts_drawn(driver) == delivered_attempts(frozen, tid) == 1
    assert driver.find_elements(By.CSS_SELECTOR, "[data-testid='timeline-drawing'] [data-kind='hold']")
    wait_live(driver)
    mark_page(driver)

    # Ten seconds on: retries at +1, +3 and +7 s, each failing; the page follows without a reload.
    frozen.control("POST", "/__sandbox/clock", {"advance": "PT10S"})
    wait(driver, lambda d: attempts_drawn(d) == 4, message="the page never showed the retries")
    assert delivered_attempts(frozen, tid) == 4
    assert not_reloaded(driver)
    steps = texts(driver, "[data-testid='timeline-steps'] [data-kind='callback-attempt'] summary")
    assert len(steps) == 4
    assert "HTTP 503" in steps[0] and "retry in 1 s" in steps[0]
    assert texts(driver, "[data-testid='timeline-steps'] [data-kind='next-attempt']")
    # The request and response of an attempt are one click away (and stay open across live updates).
    wait(driver, lambda d: d.find_element(
        By.CSS_SELECTOR, "[data-testid='timeline-steps'] [data-kind='callback-attempt'] summary").click() or True)
    wait(driver, lambda d: any("merchant down for maintenance" in opened for opened in texts(
        d, "[data-testid='timeline-steps'] [data-kind='callback-attempt'] details[open]")))

    # An hour on, the release: the status changes in place, with a second callback's attempts.
    frozen.control("POST", "/__sandbox/clock", {"advance": "PT1H"})
    wait(driver, lambda d: "CAPTURED" in text(d, "transaction-status"), message="the release never showed")
    wait(driver, lambda d: attempts_drawn(d) == delivered_attempts(frozen, tid), message="attempts out of date")
    assert driver.find_elements(By.CSS_SELECTOR, "[data-testid='timeline-drawing'] [data-kind='release']")
    assert not_reloaded(driver)
    size(driver, *DESKTOP)
    screenshot(driver, "dashboard-timeline-desktop")


def test_paying_and_refunding_from_the_transaction_page_shows_live(driver, frozen):
    transaction = checkout(frozen, reference="dash-pay")
    tid = transaction["id"]
    driver.get(dashboard(frozen.base, f"/transactions/{tid}"))
    wait_live(driver)
    mark_page(driver)
    assert text(driver, "invoice-due") == "1\u00a0000,00\u00a0NOK"

    submit(driver, "action-pay", amount="1000")
    wait(driver, lambda d: text(d, "invoice-due") == "0,00\u00a0NOK", message="the payment never showed")
    assert "Payment recorded" in text(driver, "notice")
    assert driver.find_elements(By.CSS_SELECTOR, "[data-testid='timeline-drawing'] [data-kind='payment']")

    submit(driver, "action-refund", amount="250.50")
    wait(driver, lambda d: "PARTIALLY_REFUNDED" in text(d, "transaction-status"), message="the refund never showed")
    assert text(driver, "transaction-refunded") == "250,50\u00a0NOK"
    assert not_reloaded(driver)

    # A change made elsewhere (a merchant's refund through the control API) arrives by itself.
    frozen.control("POST", f"/__sandbox/transactions/{tid}/refund", {"amount": 4950})
    wait(driver, lambda d: text(d, "transaction-refunded") == "300,00\u00a0NOK", message="the live update never came")
    assert not_reloaded(driver)
    assert len(driver.find_elements(By.CSS_SELECTOR, "[data-testid='timeline-drawing'] [data-kind='refund']")) == 2


def test_without_javascript_an_action_posts_and_comes_back(no_js_driver, frozen):
    transaction = checkout(frozen, reference="dash-no-js")
    no_js_driver.get(dashboard(frozen.base, f"/transactions/{transaction['id']}"))
    assert text(no_js_driver, "live-state").startswith("Live updates need JavaScript")
    submit(no_js_driver, "action-settle")
    wait(no_js_driver, lambda d: "Settled." in text(d, "notice"), message="no notice after the form post")
    assert "SETTLED" in text(no_js_driver, "transaction-status")


def test_the_admin_token_is_asked_for_once_and_kept_in_an_http_only_cookie(driver, guarded):
    driver.get(dashboard(guarded.base, "/accounts"))
    wait(driver, lambda d: find(d, "page-login"), message="no token prompt")
    check_page(driver, "dashboard-login", *DESKTOP)
    form = find(driver, "login-form")
    form.find_element(By.NAME, "token").send_keys("not-the-token")
    form.find_element(By.CSS_SELECTOR, "button").click()
    wait(driver, lambda d: "not this sandbox" in text(d, "login-problem"))
    form = find(driver, "login-form")
    form.find_element(By.NAME, "token").send_keys(ADMIN_TOKEN)
    form.find_element(By.CSS_SELECTOR, "button").click()
    wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, "[data-testid='page-accounts']"),
         message="the token did not open the dashboard")
    assert driver.current_url.endswith("/__sandbox/dashboard/accounts")
    cookie = driver.get_cookie("kravia_dashboard_admin")
    assert cookie["httpOnly"] and cookie["sameSite"] == "Strict"
    assert driver.execute_script("return document.cookie.indexOf('kravia_dashboard_admin')") == -1
    # Asked once: the next page opens directly, and the live updates are let through.
    driver.get(dashboard(guarded.base, "/journal"))
    assert find(driver, "page-journal")
    wait_live(driver)
    # The cookie is for the dashboard only: the JSON control API still wants the bearer token.
    status = driver.execute_async_script(
        "var done = arguments[0]; fetch('/__sandbox/clock').then(function (r) { done(r.status); });")
    assert status == 401


PAGES = ["", "/transactions", "/sessions", "/invoices", "/callbacks", "/journal", "/scenarios", "/accounts"]


@pytest.mark.parametrize("width, height", [DESKTOP, PHONE])
def test_every_page_has_no_axe_violations_and_fits(driver, frozen, failing_merchant, width, height):
    transaction = checkout(frozen, scenario="on-hold-then-captured", callback_url=failing_merchant,
                           reference="dash-<axe>")
    frozen.control("POST", "/__sandbox/clock", {"advance": "PT5S"})
    for path in PAGES + [f"/transactions/{transaction['id']}"]:
        driver.get(dashboard(frozen.base, path))
        name = "dashboard-" + (path.strip("/").split("/")[0] or "home") + ("-one" if path.count("/") > 1 else "")
        check_page(driver, name, width, height)


def check_page(driver, name, width, height):
    """Axe (WCAG 2.1 A/AA and best practices), no sideways scroll, and a full-height screenshot."""
    size(driver, width, height)
    scroll = driver.execute_script("return [document.documentElement.scrollWidth, window.innerWidth]")
    assert scroll[0] <= scroll[1], f"{name} scrolls sideways at {width} px: {scroll}"
    axe = Axe(driver)
    axe.inject()
    results = axe.run(options=AXE_OPTIONS)
    assert results["violations"] == [], f"{name} at {width} px: " + axe.report(results["violations"])
    assert len(results["passes"]) >= 10, f"axe checked almost nothing on {name}"
    full = driver.execute_script("return Math.ceil(document.documentElement.scrollHeight)")
    size(driver, width, max(height, min(full, 6000)))
    screenshot(driver, f"{name}-{width}")
    size(driver, width, height)
