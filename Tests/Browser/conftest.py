"""The browser suite's fixtures: the release sandbox on a free port, a shop on another origin, headless Chromium.

The checkout is served as http://localhost:PORT and the shop as http://127.0.0.1:PORT, so the two are different
origins (different host names), as a shop and checkout.dintero.com are.
"""

import functools
import http.server
import json
import os
import pathlib
import subprocess
import tempfile
import threading
import time

import pytest
from selenium import webdriver
from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.support.ui import WebDriverWait

from sandbox_api import SandboxAPI

HERE = pathlib.Path(__file__).resolve().parent
REPOSITORY = HERE.parent.parent
ARTIFACTS = pathlib.Path(os.environ.get("BROWSER_ARTIFACTS", REPOSITORY / ".build" / "browser-artifacts"))
BINARY = pathlib.Path(os.environ.get("KRAVIA_SANDBOX_BINARY", REPOSITORY / ".build" / "release" / "kravia-sandbox"))

DESKTOP = (1280, 900)
PHONE = (320, 720)


def start_sandbox(*options):
    """Starts the release binary on port 0 with `options`; returns (process, base URL) once it listens."""
    assert BINARY.exists(), f"{BINARY} is missing: build it with `swift build -c release --product kravia-sandbox`"
    folder = tempfile.mkdtemp(prefix="kravia-browser-")
    port_file = pathlib.Path(folder) / "port"
    process = subprocess.Popen(
        [str(BINARY), "--port", "0", "--port-file", str(port_file), "--log", "none", "--scenarios",
         str(REPOSITORY / "Scenarios"), *options],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 20
        while not (port_file.exists() and port_file.read_text().strip()):
            assert process.poll() is None, f"the sandbox exited: {process.stderr.read().decode()}"
            assert time.monotonic() < deadline, "the sandbox did not write its port file within 20 s"
            time.sleep(0.02)  # polling a file the server writes once; not ordering between test steps
    except BaseException:
        stop_sandbox(process)
        raise
    return process, f"http://localhost:{int(port_file.read_text().strip())}"


def stop_sandbox(process):
    """SIGTERM, and waits for the exit."""
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture(scope="session")
def sandbox():
    """The release binary on port 0; yields its API client. Stopped (SIGTERM) at the end of the run."""
    process, base = start_sandbox()
    try:
        yield SandboxAPI(base)
    finally:
        stop_sandbox(process)


class _ShopHandler(http.server.SimpleHTTPRequestHandler):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, directory=str(HERE / "shop"), **kwargs)

    def do_GET(self):
        if self.path.startswith("/return"):
            self.path = "/return.html"
        super().do_GET()

    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def shop():
    """The shop's origin: shop.html (embeds the checkout as the SDK does) and /return (its return_url)."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _ShopHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def _chrome(javascript=True):
    options = Options()
    options.binary_location = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     f"--window-size={DESKTOP[0]},{DESKTOP[1]}", "--lang=en-US"):
        options.add_argument(argument)
    if not javascript:
        options.add_experimental_option("prefs", {"profile.managed_default_content_settings.javascript": 2})
    return webdriver.Chrome(service=Service(os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver")), options=options)


@pytest.fixture(scope="session")
def _browser():
    driver = _chrome()
    yield driver
    driver.quit()


@pytest.fixture
def driver(_browser):
    """The shared Chromium at desktop size, on a blank page, with the top document selected."""
    _browser.switch_to.default_content()
    size(_browser, *DESKTOP)
    _browser.get("about:blank")
    yield _browser


@pytest.fixture(scope="session")
def _no_js_browser():
    driver = _chrome(javascript=False)
    yield driver
    driver.quit()


@pytest.fixture
def no_js_driver(_no_js_browser):
    """A Chromium with JavaScript switched off, for the plain-HTML flow."""
    _no_js_browser.get("about:blank")
    yield _no_js_browser


def size(driver, width, height):
    """Emulates a viewport of exactly width × height CSS pixels (a phone when narrow)."""
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600})


def wait(driver, condition, timeout=10, message=""):
    """Waits for `condition(driver)` to be truthy and returns it."""
    # A page that swaps its content (the dashboard's live updates) may replace an element between two calls.
    return WebDriverWait(driver, timeout, ignored_exceptions=(StaleElementReferenceException,)).until(
        condition, message)


def screenshot(driver, name):
    """A full-height screenshot under the artifacts folder; returns its path."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    driver.save_screenshot(str(path))
    return path


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.when != "call" or not report.failed:
        return
    for name in ("driver", "no_js_driver"):
        browser = item.funcargs.get(name)
        if browser is None:
            continue
        try:
            browser.switch_to.default_content()
            screenshot(browser, f"failure-{item.name}-{name}")
            messages = browser.execute_script("return window.shop ? window.shop.messages : null")
            if messages is not None:
                (ARTIFACTS / f"failure-{item.name}-messages.json").write_text(json.dumps(messages, indent=2))
        except Exception as error:  # the report must not hide the test's own failure
            print(f"could not save the failure artifacts: {error}")
