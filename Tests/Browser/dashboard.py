"""Driving the dashboard as a person would, by its `data-testid` hooks."""

from selenium.webdriver.common.by import By

from conftest import wait


def dashboard(base, path=""):
    return f"{base}/__sandbox/dashboard{path}"


def find(driver, testid, within=None):
    return (within or driver).find_element(By.CSS_SELECTOR, f"[data-testid='{testid}']")


def text(driver, testid):
    """The text of the element with `testid`, read in one step: the live updates swap `main` at any moment, so an
    element found in one call may be gone in the next."""
    return driver.execute_script(
        "var e = document.querySelector(arguments[0]); return e ? e.textContent.trim() : ''",
        f"[data-testid='{testid}']")


def texts(driver, selector):
    """The texts of every element matching `selector`, read in one step."""
    return driver.execute_script(
        "return Array.prototype.map.call(document.querySelectorAll(arguments[0]),"
        " function (e) { return e.textContent.replace(/\\s+/g, ' ').trim(); })", selector)


def mark_page(driver):
    """Marks the loaded document, so a test can tell that later changes came without a reload."""
    driver.execute_script("window.__dashboardMark = 'kept'")


def not_reloaded(driver):
    return driver.execute_script("return window.__dashboardMark") == "kept"


def wait_live(driver):
    """Waits until the page's script has its live request open."""
    wait(driver, lambda d: text(d, "live-state") == "Live: following the journal", message="the live updates never connected")


def submit(driver, testid, **fields):
    """Fills an action form's fields and presses its button."""
    form = find(driver, testid)
    for name, value in fields.items():
        field = form.find_element(By.NAME, name)
        field.clear()
        field.send_keys(value)
    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()


def attempts_drawn(driver):
    return len(driver.find_elements(By.CSS_SELECTOR, "[data-testid='timeline-drawing'] [data-kind='callback-attempt']"))
