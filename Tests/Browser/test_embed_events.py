"""The Web SDK protocol, checkout → shop: every message, in order, with its payload, for each way a checkout ends."""

import pytest
from selenium.webdriver.common.by import By

from checkout import BUSINESS, PERSON, FINAL, choose_type, enter, messages, open_embedded, pay, query_of, shop_call
from checkout import find, wait_for_message, wait_state
from conftest import wait


def return_url(shop):
    return f"{shop}/return?shop_order=1001"


def test_approve_posts_loaded_language_type_and_authorized_then_shows_embed_result(driver, sandbox, shop):
    sid = sandbox.create_session(return_url(shop), reference="order-approve")
    open_embedded(driver, shop, sandbox, sid, language="en")
    loaded = messages(driver)
    assert [m["type"] for m in loaded] == ["SessionLoaded", "LanguageChanged"]
    assert loaded[0]["session"]["id"] == sid and loaded[0]["sid"] == sid
    assert loaded[0]["session"]["order"]["merchant_reference"] == "order-approve"
    assert loaded[1]["language"] == "en"

    pay(driver, "kravia.invoice_b2c", PERSON)
    authorized = wait_for_message(driver, "SessionPaymentAuthorized")
    session = sandbox.session(sid)
    transaction_id = session["transaction_id"]
    href = authorized["href"]
    assert href.startswith(f"{shop}/return?shop_order=1001&transaction_id={transaction_id}")
    assert query_of(href) == {"shop_order": "1001", "transaction_id": transaction_id, "merchant_reference": "order-approve"}
    assert authorized["transaction_id"] == transaction_id and authorized["merchant_reference"] == "order-approve"
    assert [m["type"] for m in messages(driver)] == [
        "SessionLoaded", "LanguageChanged", "ActivePaymentProductType", "ScrollToTop", "SessionPaymentAuthorized"]
    assert messages(driver)[2]["payment_product_type"] == "kravia.invoice_b2c"
    assert sandbox.transaction(transaction_id)["status"] == "CAPTURED"

    # The SDK points the iframe at embedResult; the checkout itself never navigated to return_url.
    result = wait_state(driver, "result")
    assert result.find_element(By.TAG_NAME, "h1").text == "Payment complete"
    assert "order-approve" in find(driver, "result-reference").text
    frame_url = driver.execute_script("return location.href")
    assert frame_url == (f"{sandbox.base}/embedResult/?sid={sid}&merchant_reference=order-approve"
                         f"&transaction_id={transaction_id}&language=en&sdk=0.9.1")
    driver.switch_to.default_content()
    assert driver.current_url.startswith(shop)
    # Every message the checkout sent carried a mid, and the shop acknowledged each.
    assert all(m.get("mid") for m in driver.execute_script("return window.shop.messages"))


@pytest.mark.parametrize("identity, event, error", [
    ("reject", "SessionPaymentError", "authorization"),
    ("cancel", "SessionCancel", None),
])
def test_bankid_reject_and_cancel_post_their_event_and_keep_the_details(driver, sandbox, shop, identity, event, error):
    sid = sandbox.create_session(return_url(shop), reference=f"order-{identity}")
    open_embedded(driver, shop, sandbox, sid, language="en")
    pay(driver, "kravia.invoice_b2b", BUSINESS, identity=identity)
    final = wait_for_message(driver, event)
    expected = {"shop_order": "1001", "merchant_reference": f"order-{identity}",
                "error": error or "cancelled"}
    assert query_of(final["href"]) == expected
    assert final.get("error") == error
    assert "transaction_id" not in final
    assert [m["type"] for m in messages(driver) if m["type"] in FINAL] == [event]
    result = wait_state(driver, "result")
    heading = result.find_element(By.TAG_NAME, "h1").text
    assert heading == ("Payment failed" if error else "Payment cancelled")
    assert sandbox.session(sid).get("transaction_id") is None

    # The shop embeds the same session again: the customer's details are still there for the retry.
    open_embedded(driver, shop, sandbox, sid, language="en")
    assert driver.find_element(By.NAME, "business_name").get_attribute("value") == "Nordmann AS"
    assert driver.find_element(By.NAME, "organization_number").get_attribute("value") == "123 456 789"
    assert driver.find_element(By.CSS_SELECTOR, "input[value='kravia.invoice_b2b']").is_selected()


@pytest.mark.parametrize("scenario, event, error", [
    ("on-hold-then-captured", "SessionPaymentOnHold", None),
    ("registration-failed", "SessionPaymentError", "failed"),
])
def test_scenario_outcomes_post_on_hold_and_error(driver, sandbox, shop, scenario, event, error):
    sid = sandbox.create_session(return_url(shop), reference=f"order-{scenario}")
    open_embedded(driver, shop, sandbox, sid, language="en")
    choose_type(driver, "kravia.invoice_b2c")
    find(driver, "sandbox-settings").click()
    from checkout import fill
    fill(driver, {"scenario": scenario})
    pay(driver, "kravia.invoice_b2c", PERSON)
    final = wait_for_message(driver, event)
    transaction_id = sandbox.session(sid)["transaction_id"]
    assert final["transaction_id"] == transaction_id
    assert final.get("error") == error
    expected = {"shop_order": "1001", "transaction_id": transaction_id, "merchant_reference": f"order-{scenario}"}
    if error:
        expected["error"] = error
    assert query_of(final["href"]) == expected
    status = sandbox.transaction(transaction_id)["status"]
    assert status == ("FAILED" if error else "ON_HOLD")
    result = wait_state(driver, "result")
    assert result.find_element(By.TAG_NAME, "h1").text == ("Payment failed" if error else "Order received")


def test_unknown_and_other_account_sids_post_session_not_found(driver, sandbox, shop):
    for sid in ("T12345678.nosuchsessionnosuchses", "T87654321." + sandbox.create_session(return_url(shop)).split(".")[1]):
        open_embedded(driver, shop, sandbox, sid)
        assert [m["type"] for m in messages(driver)] == ["SessionNotFound"]
        assert messages(driver)[0]["sid"] == sid
        wait_state(driver, "not-found")


def test_customer_cancelling_posts_session_cancel(driver, sandbox, shop):
    sid = sandbox.create_session(return_url(shop), reference="order-leave")
    open_embedded(driver, shop, sandbox, sid, language="en")
    find(driver, "leave").click()
    final = wait_for_message(driver, "SessionCancel")
    assert query_of(final["href"]) == {"shop_order": "1001", "merchant_reference": "order-leave", "error": "cancelled"}
    wait_state(driver, "result")


def test_without_acknowledgement_the_outcome_offers_a_link_to_the_shop(driver, sandbox, shop):
    sid = sandbox.create_session(return_url(shop), reference="order-noack")
    open_embedded(driver, shop, sandbox, sid, language="en", noack="1")
    pay(driver, "kravia.invoice_b2c", PERSON)
    final = wait_for_message(driver, "SessionPaymentAuthorized")
    # This shop never acknowledges, so it does not swap the frame either; the checkout shows the way back.
    outcome = wait_state(driver, "outcome")
    wait(driver, lambda d: outcome.get_attribute("data-return-link"))
    assert outcome.get_attribute("data-return-link") == "shown"
    link = find(driver, "return-link")
    assert link.is_displayed()
    assert link.get_attribute("href") == final["href"]
    assert link.get_attribute("target") == "_top"


def test_acknowledged_outcome_never_shows_the_fallback_link(driver, sandbox, shop):
    sid = sandbox.create_session(return_url(shop), reference="order-ack")
    open_embedded(driver, shop, sandbox, sid, language="en", noswap="1")
    pay(driver, "kravia.invoice_b2c", PERSON)
    authorized = wait_for_message(driver, "SessionPaymentAuthorized")
    driver.switch_to.default_content()
    assert authorized["mid"] in driver.execute_script("return window.shop.acknowledged")
    enter(driver)
    outcome = wait_state(driver, "outcome")
    wait(driver, lambda d: outcome.get_attribute("data-return-link"))
    assert outcome.get_attribute("data-return-link") == "not-needed"
    assert not find(driver, "return-link").is_displayed()
