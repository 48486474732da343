"""Every state of the checkout at desktop and phone sizes: no horizontal scroll at 320 px, touch targets of at
least 44 px, zero axe-core violations (WCAG 2.1 A and AA, and axe's best practices). Each state is also saved as
a screenshot in the artifacts folder, for a person to look at."""

import json

import pytest
from axe_selenium_python import Axe
from selenium.webdriver.common.by import By

from checkout import BUSINESS, PERSON, choose_type, fill, open_embedded, pay, find, wait_state
from conftest import DESKTOP, PHONE, screenshot, size, wait
from sandbox_api import only

AXE_OPTIONS = json.dumps({"runOnly": {"type": "tag", "values": [
    "wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]}})

# Interactive elements that must be at least 44 × 44 CSS px (inline links in running text are exempt).
TARGETS = "button, input:not([type=hidden]):not([type=radio]), select, .type-card, summary, a.button"


def check_page(driver, name, width, height):
    """Axe, overflow, touch targets and a screenshot of what the driver shows now."""
    size(driver, width, height)
    driver.execute_script("document.activeElement && document.activeElement.blur()")
    scroll = driver.execute_script("return [document.documentElement.scrollWidth, window.innerWidth]")
    assert scroll[0] <= scroll[1], f"{name} scrolls sideways at {width} px: {scroll}"
    small = driver.execute_script("""
        return Array.from(document.querySelectorAll(arguments[0])).filter(function (el) {
          var r = el.getBoundingClientRect();
          return r.width > 0 && r.height > 0 && (r.height < 44 || r.width < 44);
        }).map(function (el) { var r = el.getBoundingClientRect(); return el.outerHTML.slice(0, 80) + " " + r.width + "x" + r.height; });
        """, TARGETS)
    assert small == [], f"{name} at {width} px has small touch targets: {small}"
    axe = Axe(driver)
    axe.inject()
    results = axe.run(options=AXE_OPTIONS)
    assert results["violations"] == [], f"{name} at {width} px: " + axe.report(results["violations"])
    assert len(results["passes"]) >= 10, f"axe checked almost nothing on {name}"
    full = driver.execute_script("return Math.ceil(document.documentElement.scrollHeight)")
    size(driver, width, max(height, full))
    screenshot(driver, f"{name}-{width}")
    size(driver, width, height)


SIZES = [DESKTOP, PHONE, (400, 800)]


@pytest.fixture
def session_url(sandbox, shop):
    def make(**kwargs):
        sid = sandbox.create_session(f"{shop}/return", **kwargs)
        return sid, f"{sandbox.base}/v1/view/{sid}?language=en"
    return make


@pytest.mark.parametrize("width, height", SIZES)
def test_form_bankid_and_errors(driver, session_url, width, height):
    sid, url = session_url()
    driver.get(url)
    wait_state(driver, "form")
    check_page(driver, "form-b2b", width, height)
    choose_type(driver, "kravia.invoice_b2c")
    check_page(driver, "form-b2c", width, height)
    fill(driver, dict(PERSON, email="ase@", phone_number="12"))
    find(driver, "continue").click()
    wait(driver, lambda d: find(d, "error-summary"))
    assert driver.switch_to.active_element == find(driver, "error-summary")
    check_page(driver, "errors", width, height)
    fill(driver, PERSON)
    find(driver, "continue").click()
    wait_state(driver, "bankid")
    check_page(driver, "bankid", width, height)


@pytest.mark.parametrize("width, height", SIZES)
def test_result_not_found_and_paid_pages(driver, sandbox, session_url, width, height):
    sid, url = session_url(configuration=only("invoice_b2c"), reference="order-a11y")
    driver.get(f"{sandbox.base}/v1/view/T12345678.nosuchsessionnosuchses?language=en")
    wait_state(driver, "not-found")
    check_page(driver, "not-found", width, height)
    for error, name in ((None, "result-authorized"), ("authorization", "result-error"), ("cancelled", "result-cancel")):
        query = f"sid={sid}&merchant_reference=order-a11y&language=en&sdk=0.9.1" + (f"&error={error}" if error else "")
        driver.get(f"{sandbox.base}/embedResult/?{query}")
        wait_state(driver, "result")
        check_page(driver, name, width, height)
    driver.get(url)
    pay(driver, "kravia.invoice_b2c", PERSON)
    wait(driver, lambda d: "/return" in d.current_url)
    driver.get(url)
    wait_state(driver, "paid")
    check_page(driver, "paid", width, height)


@pytest.mark.parametrize("width, height", [PHONE, DESKTOP])
def test_embedded_in_the_shop(driver, sandbox, shop, width, height):
    sid = sandbox.create_session(f"{shop}/return")
    size(driver, width, height)
    open_embedded(driver, shop, sandbox, sid, language="no")
    wait_state(driver, "form")
    check_page(driver, "embedded-form", width, height)
    driver.switch_to.default_content()
    scroll = driver.execute_script("return [document.documentElement.scrollWidth, window.innerWidth]")
    assert scroll[0] <= scroll[1]
    screenshot(driver, f"shop-embedded-{width}")


def test_axe_reports_violations_where_there_are_some(driver):
    """The harness itself: a page with an unlabelled input and an image without text fails."""
    driver.get("data:text/html,<!doctype html><html><title>x</title><main><img src=x.png><input></main></html>")
    axe = Axe(driver)
    axe.inject()
    ids = {violation["id"] for violation in axe.run(options=AXE_OPTIONS)["violations"]}
    assert {"image-alt", "label", "html-has-lang"} <= ids
