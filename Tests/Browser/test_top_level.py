"""The checkout at top level: the SDK's redirect(), the plain session.url with and without JavaScript, the
customer's own input (cleared prefills, spaces, phones), and the language rules."""

import urllib.parse

import pytest
from selenium.webdriver.common.by import By

from checkout import BUSINESS, PERSON, choose_type, fill, pay, query_of, shop_url, find, wait_state
from conftest import wait
from sandbox_api import only


def test_redirect_mode_ends_with_the_302_to_return_url(driver, sandbox, shop):
    sid = sandbox.create_session(f"{shop}/return", reference="order-redirect")
    driver.get(shop_url(shop, sandbox, sid, mode="redirect", language="en"))
    wait_state(driver, "form")
    url = urllib.parse.urlsplit(driver.current_url)
    assert f"{url.scheme}://{url.netloc}" == sandbox.base and url.path == "/"
    assert list(query_of(driver.current_url)) == ["sdk", "language", "sdk_hostname", "sid"]
    pay(driver, "kravia.invoice_b2b", BUSINESS)
    wait(driver, lambda d: d.current_url.startswith(f"{shop}/return"))
    transaction_id = sandbox.session(sid)["transaction_id"]
    assert query_of(driver.current_url) == {"transaction_id": transaction_id, "merchant_reference": "order-redirect"}
    assert sandbox.transaction(transaction_id)["billing_address"]["organization_number"] == "123456789"


def test_session_url_without_javascript_pays_with_plain_forms(no_js_driver, sandbox, shop):
    driver = no_js_driver
    sid = sandbox.create_session(f"{shop}/return", reference="order-nojs")
    driver.get(f"{sandbox.base}/v1/view/{sid}")
    wait_state(driver, "form")
    # Business fields follow the chosen type by CSS alone.
    choose_type(driver, "kravia.invoice_b2c")
    assert not driver.find_element(By.NAME, "business_name").is_displayed()
    fill(driver, PERSON)
    find(driver, "continue").click()
    wait_state(driver, "bankid")
    assert "1\u00a0234,50\u00a0NOK" == find(driver, "bankid-amount").get_attribute("textContent").strip()
    find(driver, "bankid-edit").click()
    wait_state(driver, "form")
    assert driver.find_element(By.NAME, "email").get_attribute("value") == "ase@example.no"
    find(driver, "continue").click()
    wait_state(driver, "bankid")
    find(driver, "bankid-approve").click()
    wait(driver, lambda d: d.current_url.startswith(f"{shop}/return"))
    transaction_id = sandbox.session(sid)["transaction_id"]
    assert query_of(driver.current_url) == {"transaction_id": transaction_id, "merchant_reference": "order-nojs"}
    assert sandbox.transaction(transaction_id)["billing_address"]["phone_number"] == "+4799999999"


def test_errors_without_javascript_are_a_summary_linking_to_each_field(no_js_driver, sandbox, shop):
    driver = no_js_driver
    sid = sandbox.create_session(f"{shop}/return")
    driver.get(f"{sandbox.base}/v1/view/{sid}?language=en")
    choose_type(driver, "kravia.invoice_b2b")
    fill(driver, dict(BUSINESS, organization_number="12345", email="not-an-email"))
    find(driver, "continue").click()
    summary = wait(driver, lambda d: find(d, "error-summary"))
    links = {a.get_attribute("href").split("#")[1]: a.text for a in summary.find_elements(By.TAG_NAME, "a")}
    assert links == {"f-organization_number": "Enter a 9-digit organization number",
                     "f-email": "Enter an email address like name@example.com"}
    email = driver.find_element(By.NAME, "email")
    assert email.get_attribute("aria-invalid") == "true"
    assert email.get_attribute("aria-describedby").split() == ["f-email-error", "f-email-hint"]
    assert find(driver, "error-email").get_attribute("textContent") == "Error: Enter an email address like name@example.com"


def test_clearing_a_prefilled_field(driver, sandbox, shop):
    prefill = dict(PERSON, phone_number="+4799999999")
    sid = sandbox.create_session(f"{shop}/return", reference="order-prefill", billing=prefill,
                                 configuration=only("invoice_b2c"))
    driver.get(f"{sandbox.base}/v1/view/{sid}?language=en")
    wait_state(driver, "form")
    assert driver.find_element(By.NAME, "email").get_attribute("value") == "ase@example.no"
    # An emptied required field is an error, not the prefill coming back.
    driver.find_element(By.NAME, "email").clear()
    find(driver, "continue").click()
    wait(driver, lambda d: find(d, "error-summary"))
    assert find(driver, "error-email").get_attribute("textContent") == "Error: Enter your email address"
    assert driver.find_element(By.NAME, "email").get_attribute("value") == ""
    # An emptied optional field is gone from the transaction.
    fill(driver, {"email": "ase@example.no"})
    driver.find_element(By.NAME, "postal_place").clear()
    find(driver, "continue").click()
    wait_state(driver, "bankid")
    find(driver, "bankid-approve").click()
    wait(driver, lambda d: d.current_url.startswith(f"{shop}/return"))
    billing = sandbox.transaction(sandbox.session(sid)["transaction_id"])["billing_address"]
    assert "postal_place" not in billing
    assert billing["email"] == "ase@example.no"


@pytest.mark.parametrize("query, billing_country, lang, heading", [
    ("language=nb", None, "no", "Betaling"),
    ("language=no", None, "no", "Betaling"),
    ("language=sv", None, "sv", "Betalning"),
    ("language=fi", None, "fi", "Maksu"),
    ("language=de", "SE", "en", "Checkout"),
    ("", "SE", "sv", "Betalning"),
    ("", "FI", "fi", "Maksu"),
    ("", None, "en", "Checkout"),
])
def test_language_from_the_parameter_then_the_billing_country_then_english(driver, sandbox, shop, query,
                                                                            billing_country, lang, heading):
    billing = {"country": billing_country} if billing_country else None
    sid = sandbox.create_session(f"{shop}/return", billing=billing)
    driver.get(f"{sandbox.base}/?sid={sid}&{query}")
    wait_state(driver, "form")
    assert driver.find_element(By.TAG_NAME, "html").get_attribute("lang") == lang
    assert driver.find_element(By.TAG_NAME, "h1").text == heading


def test_hide_test_message_hides_the_banner(driver, sandbox, shop):
    sid = sandbox.create_session(f"{shop}/return")
    driver.get(f"{sandbox.base}/?sid={sid}&language=en")
    assert find(driver, "test-banner").text.startswith("Test checkout")
    driver.get(f"{sandbox.base}/?sid={sid}&language=en&hide_test_message=true")
    wait_state(driver, "form")
    assert not driver.find_elements(By.CSS_SELECTOR, "[data-testid=test-banner]")


def test_the_paid_page_links_back_to_the_shop(driver, sandbox, shop):
    sid = sandbox.create_session(f"{shop}/return", reference="order-paid", configuration=only("invoice_b2c"))
    driver.get(f"{sandbox.base}/v1/view/{sid}?language=en")
    pay(driver, "kravia.invoice_b2c", PERSON)
    wait(driver, lambda d: d.current_url.startswith(f"{shop}/return"))
    driver.get(f"{sandbox.base}/v1/view/{sid}?language=en")
    wait_state(driver, "paid")
    assert driver.find_element(By.TAG_NAME, "h1").text == "This order is already paid"
    link = find(driver, "return-link")
    assert query_of(link.get_attribute("href"))["merchant_reference"] == "order-paid"
    link.click()
    wait(driver, lambda d: d.current_url.startswith(f"{shop}/return"))
