"""Driving the checkout the way a shop's end-to-end test would: by its stable `name` and `data-testid` hooks."""

import urllib.parse

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from conftest import wait

PERSON = {
    "first_name": "Åse", "last_name": "Nordmann", "address_line": "Storgata 1", "postal_code": "0151",
    "postal_place": "Oslo", "country": "NO", "phone_number": "+47 999 99 999", "email": "ase@example.no",
}
BUSINESS = dict(PERSON, business_name="Nordmann AS", organization_number="123 456 789")

FINAL = ("SessionPaymentAuthorized", "SessionPaymentOnHold", "SessionPaymentError", "SessionCancel")


def shop_url(shop, sandbox, sid, **params):
    query = {"sid": sid, "endpoint": sandbox.base, **params}
    return f"{shop}/shop.html?{urllib.parse.urlencode(query)}"


def open_embedded(driver, shop, sandbox, sid, **params):
    """Opens the shop page that embeds `sid`, waits for the checkout's first message and enters its frame."""
    driver.switch_to.default_content()
    driver.get(shop_url(shop, sandbox, sid, **params))
    wait(driver, lambda d: d.execute_script("return window.shop.messages.length > 0"), message="no message came")
    enter(driver)


def enter(driver):
    """Selects the checkout's iframe (from anywhere)."""
    driver.switch_to.default_content()
    driver.switch_to.frame(driver.find_element(By.CSS_SELECTOR, "#checkout-container iframe"))


def messages(driver, without=("HeightChanged",)):
    """The messages the shop received so far, leaving the checkout's frame selected again."""
    driver.switch_to.default_content()
    received = driver.execute_script("return window.shop.messages")
    enter(driver)
    return [m for m in received if m["type"] not in without]


def shop_call(driver, script):
    """Runs `script` in the shop's page (e.g. `shop.lockSession()`), then goes back into the checkout."""
    driver.switch_to.default_content()
    result = driver.execute_script(script)
    enter(driver)
    return result


def wait_for_message(driver, type, count=1, timeout=10):
    """Waits until the shop has `count` messages of `type`; returns the last."""
    def arrived(d):
        d.switch_to.default_content()
        found = [m for m in d.execute_script("return window.shop.messages") if m["type"] == type]
        return found[-1] if len(found) >= count else None
    try:
        return wait(driver, arrived, timeout, f"no {type} message")
    finally:
        enter(driver)


def find(driver, testid):
    return driver.find_element(By.CSS_SELECTOR, f"[data-testid='{testid}']")


def choose_type(driver, payment_type):
    find(driver, f"payment-type-{payment_type}").click()


def fill(driver, values):
    """Types each value into the field of that `name` (the country is chosen in its select)."""
    for name, value in values.items():
        element = driver.find_element(By.NAME, name)
        if element.tag_name == "select":
            Select(element).select_by_value(value)
        else:
            element.clear()
            element.send_keys(value)


def wait_state(driver, state, timeout=10):
    """Waits until the checkout shows `state` (`form`, `bankid`, `outcome`, `result`, …) in its main."""
    return wait(
        driver, lambda d: d.find_elements(By.CSS_SELECTOR, f"main[data-state='{state}']"), timeout,
        f"the checkout never showed {state}")[0]


def pay(driver, payment_type="kravia.invoice_b2c", details=PERSON, identity="approve"):
    """Picks the type, fills the details, continues, and answers BankID."""
    choose_type(driver, payment_type)
    fill(driver, details)
    find(driver, "continue").click()
    if identity is not None:
        wait_state(driver, "bankid")
        find(driver, f"bankid-{identity}").click()


def query_of(url):
    return dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(url).query))
