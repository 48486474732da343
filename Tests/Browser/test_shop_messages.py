"""The Web SDK protocol, shop → checkout: RefreshSession, SetLanguage, LockSession, SetActivePaymentProductType and
the validation round trip; and the iframe's height following the content."""

from selenium.webdriver.common.by import By

from checkout import BUSINESS, PERSON, choose_type, enter, fill, messages, open_embedded, pay, shop_call, find
from checkout import wait_for_message, wait_state
from conftest import wait


def return_url(shop):
    return f"{shop}/return"


def frame_height(driver):
    driver.switch_to.default_content()
    height = driver.execute_script("return window.shop.iframe.getBoundingClientRect().height")
    enter(driver)
    return height


def content_height(driver):
    return driver.execute_script("return Math.ceil(document.getElementById('kravia-root').getBoundingClientRect().height)")


def test_refresh_session_rereads_the_order_and_posts_session_updated(driver, sandbox, shop):
    sid = sandbox.create_session(return_url(shop), reference="order-refresh")
    open_embedded(driver, shop, sandbox, sid, language="en")
    assert "1\u00a0234,50\u00a0NOK" in find(driver, "order-total").text.replace(" ", "\u00a0")
    sandbox.update_order(sid, {"amount": 50000, "vat_amount": 10000, "items": [
        {"id": "one", "line_id": "1", "description": "A single hour", "quantity": 1, "amount": 50000, "vat": 25}]})
    shop_call(driver, "window.shop.refreshSession()")
    updated = wait_for_message(driver, "SessionUpdated")
    assert updated["session"]["order"]["amount"] == 50000
    assert wait(driver, lambda d: "A single hour" in find(d, "order-summary").text)
    assert find(driver, "order-total").get_attribute("textContent") == "500,00\u00a0NOK"


def test_set_language_switches_the_words_live_and_answers_language_changed(driver, sandbox, shop):
    sid = sandbox.create_session(return_url(shop))
    open_embedded(driver, shop, sandbox, sid, language="en")
    assert driver.find_element(By.CSS_SELECTOR, "label[for=f-email]").text == "Email"
    shop_call(driver, "window.shop.setLanguage('sv')")
    changed = wait_for_message(driver, "LanguageChanged", count=2)
    assert changed["language"] == "sv"
    assert driver.find_element(By.CSS_SELECTOR, "label[for=f-email]").text == "E-post"
    assert driver.find_element(By.TAG_NAME, "html").get_attribute("lang") == "sv"
    assert find(driver, "continue").text == "Fortsätt"
    # The next step comes back in Swedish too, and embedResult gets the language from the SDK.
    pay(driver, "kravia.invoice_b2c", PERSON, identity=None)
    step = wait_state(driver, "bankid")
    assert step.find_element(By.TAG_NAME, "h1").text == "Bekräfta med BankID"
    find(driver, "bankid-approve").click()
    result = wait_state(driver, "result")
    assert result.find_element(By.TAG_NAME, "h1").text == "Betalningen är klar"


def test_lock_session_locks_the_form_until_refresh(driver, sandbox, shop):
    sid = sandbox.create_session(return_url(shop))
    open_embedded(driver, shop, sandbox, sid, language="en")
    shop_call(driver, "window.shop.lockSession()")
    locked = wait_for_message(driver, "SessionLocked")
    assert len(locked["pay_lock_id"]) == 24
    form = find(driver, "details-form")
    assert driver.execute_script("return arguments[0].inert", form) is True
    assert find(driver, "form-status").text == "The shop is updating your order…"
    shop_call(driver, "window.shop.refreshSession()")
    wait_for_message(driver, "SessionUpdated")
    assert driver.execute_script("return arguments[0].inert", find(driver, "details-form")) is False


def test_lock_fails_when_nothing_can_be_locked(driver, sandbox, shop):
    sid = sandbox.create_session(return_url(shop), reference="order-lockfail")
    open_embedded(driver, shop, sandbox, sid, language="en", validate="manual")
    choose_type(driver, "kravia.invoice_b2c")
    fill(driver, PERSON)
    find(driver, "continue").click()
    wait_for_message(driver, "ValidateSession")
    shop_call(driver, "window.shop.lockSession()")
    wait_for_message(driver, "SessionLockFailed")


def test_set_active_payment_product_type_picks_the_card_and_the_form_follows(driver, sandbox, shop):
    sid = sandbox.create_session(return_url(shop))
    open_embedded(driver, shop, sandbox, sid, language="en")
    assert driver.find_element(By.NAME, "business_name").is_displayed()
    shop_call(driver, "window.shop.setActivePaymentProductType('kravia.invoice_b2c')")
    active = wait_for_message(driver, "ActivePaymentProductType")
    assert active["payment_product_type"] == "kravia.invoice_b2c"
    assert driver.find_element(By.CSS_SELECTOR, "input[value='kravia.invoice_b2c']").is_selected()
    assert not driver.find_element(By.NAME, "business_name").is_displayed()
    assert not driver.find_element(By.NAME, "organization_number").is_displayed()
    # An unknown type changes nothing and is not answered.
    shop_call(driver, "window.shop.setActivePaymentProductType('vipps')")
    shop_call(driver, "window.shop.setActivePaymentProductType('kravia.invoice_b2b_grouped')")
    second = wait_for_message(driver, "ActivePaymentProductType", count=2)
    assert second["payment_product_type"] == "kravia.invoice_b2b_grouped"
    assert driver.find_element(By.NAME, "business_name").is_displayed()


def test_validation_failure_shows_the_shops_error_and_does_not_pay(driver, sandbox, shop):
    sid = sandbox.create_session(return_url(shop), reference="order-invalid")
    open_embedded(driver, shop, sandbox, sid, language="en", validate="fail")
    choose_type(driver, "kravia.invoice_b2c")
    fill(driver, PERSON)
    find(driver, "continue").click()
    validate = wait_for_message(driver, "ValidateSession")
    assert validate["session"]["id"] == sid
    assert validate["session"]["order"]["billing_address"]["email"] == "ase@example.no"
    error = wait(driver, lambda d: find(d, "validation-error"))
    assert "The shop is out of Consulting hours" in error.text
    assert driver.switch_to.active_element == error
    wait_for_message(driver, "ScrollToTop")
    assert driver.find_elements(By.CSS_SELECTOR, "main[data-state=form]")
    assert sandbox.session(sid).get("transaction_id") is None


def test_validation_success_goes_on_to_bankid_and_pays(driver, sandbox, shop):
    sid = sandbox.create_session(return_url(shop), reference="order-valid")
    open_embedded(driver, shop, sandbox, sid, language="en", validate="ok")
    pay(driver, "kravia.invoice_b2c", PERSON)
    wait_for_message(driver, "SessionPaymentAuthorized")
    types = [m["type"] for m in messages(driver)]
    assert types.index("ValidateSession") < types.index("SessionPaymentAuthorized")


def test_height_follows_the_content(driver, sandbox, shop):
    sid = sandbox.create_session(return_url(shop))
    open_embedded(driver, shop, sandbox, sid, language="en")

    def settled(d):
        height = frame_height(d)
        return height if height > 0 and height == content_height(d) else None

    first = wait(driver, settled, message="the iframe never took the content's height")
    assert driver.execute_script("return document.documentElement.scrollHeight") <= first + 1
    choose_type(driver, "kravia.invoice_b2c")  # the business fields go: the page shrinks
    smaller = wait(driver, lambda d: settled(d) if settled(d) and settled(d) < first else None)
    find(driver, "continue").click()  # every required field empty: errors make it grow
    wait(driver, lambda d: find(d, "error-summary"))
    taller = wait(driver, lambda d: settled(d) if settled(d) and settled(d) > smaller else None)
    heights = [m["height"] for m in messages(driver, without=()) if m["type"] == "HeightChanged"]
    assert heights[-1] == taller and first in heights and smaller in heights
    # Errors are announced to the shop so it can scroll the checkout into view, and focus is on the summary.
    wait_for_message(driver, "ScrollToTop")
    assert driver.switch_to.active_element == find(driver, "error-summary")


def test_messages_from_other_windows_or_for_other_sids_are_ignored(driver, sandbox, shop):
    sid = sandbox.create_session(return_url(shop))
    open_embedded(driver, shop, sandbox, sid, language="en")
    shop_call(driver, "window.shop.send({type: 'SetLanguage', sid: 'T12345678.someoneelsessessionidxx', language: 'fi'})")
    shop_call(driver, "window.shop.setLanguage('no')")
    changed = wait_for_message(driver, "LanguageChanged", count=2)
    assert changed["language"] == "no"
    assert [m["language"] for m in messages(driver) if m["type"] == "LanguageChanged"] == ["en", "no"]
    # A message posted by the checkout's own window (not its parent) is not obeyed either.
    driver.execute_script("window.postMessage({type: 'SetLanguage', sid: arguments[0], language: 'fi'}, '*')", sid)
    shop_call(driver, "window.shop.setLanguage('en')")
    wait_for_message(driver, "LanguageChanged", count=3)
    assert [m["language"] for m in messages(driver) if m["type"] == "LanguageChanged"] == ["en", "no", "en"]
