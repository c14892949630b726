"""The console in a real headless Chromium (Debian's chromium and chromium-driver, driven by
selenium): sign in with a link, import seed 001 from a Word file, fix a due date inline,
confirm, and see 13 measures on the board; a head cannot open another unit's task; a used
link and a form without its CSRF token are refused. Screenshots of each main page are saved
(CONSOLE_SCREENSHOTS=folder keeps them) so people can look at them."""

from __future__ import annotations

import os
import shutil
import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import select
from werkzeug.serving import make_server

from models import Task, Unit
from tests.console_support import HEAD_FINANCE, link_for
from tests.import_support import seed_path, seed_to_docx

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
DRIVER = shutil.which("chromedriver")

pytestmark = pytest.mark.skipif(
    not (CHROMIUM and DRIVER) and not os.environ.get("CI"),
    reason="chromium and chromium-driver are not installed (.ci/run installs them)")


@pytest.fixture
def server(bot):
    http = make_server("127.0.0.1", 0, bot.app, threaded=True)
    thread = threading.Thread(target=http.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{http.server_port}"
    http.shutdown()


def _browser(width: int = 1280, height: int = 900):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                 f"--window-size={width},{height}", "--lang=th"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(DRIVER), options=options)
    driver.implicitly_wait(5)
    return driver


@pytest.fixture
def browser():
    driver = _browser()
    yield driver
    driver.quit()


@pytest.fixture
def shots(tmp_path) -> Path:
    folder = Path(os.environ.get("CONSOLE_SCREENSHOTS") or tmp_path / "shots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _shoot(driver, folder: Path, name: str) -> None:
    height = driver.execute_script("return document.body.scrollHeight")
    driver.set_window_size(driver.get_window_size()["width"], min(max(height, 600), 4000))
    assert driver.save_screenshot(str(folder / f"{name}.png"))


def _wait(driver, condition, seconds: float = 15):
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, seconds).until(condition)


def _click_and_load(driver, element) -> None:
    """Click something that loads a new page and wait until it has.

    The old page is marked in its window object rather than watched through an element:
    asking Chromium about an element of a page being torn down can fail with an inspector
    error instead of "stale element", which made this wait flaky.
    """
    driver.execute_script("window.__leaving = true")
    element.click()
    _wait(driver, lambda d: d.execute_script(
        "return window.__leaving !== true && document.readyState === 'complete'"))


class Steps:
    """Counts what a coordinator does: pages opened, clicks, fields filled."""

    def __init__(self) -> None:
        self.clicks = self.fields = 0
        self.started = time.perf_counter()

    def click(self, driver, element) -> None:
        self.clicks += 1
        _click_and_load(driver, element)


def test_a_new_coordinator_imports_a_plan_in_a_few_clicks(bot, server, browser, shots, tmp_path):
    from selenium.webdriver.common.by import By

    bot.person("Ucoordinator", "coordinator", None, name="กตัญญา")
    steps = Steps()
    link = server + link_for(bot, "Ucoordinator")
    browser.get(link)  # tapped in LINE
    _shoot(browser, shots, "01-signin")
    steps.click(browser, browser.find_element(By.ID, "signin"))
    assert "ภาพรวม" in browser.title

    steps.click(browser, browser.find_element(By.LINK_TEXT, "แผนมาตรการ"))
    docx = seed_to_docx(seed_path("001"), tmp_path / "แผนปฏิบัติการ 2566.docx")
    browser.find_element(By.ID, "file").send_keys(str(docx))
    steps.fields += 1
    _shoot(browser, shots, "02-plan")
    steps.click(browser, browser.find_element(By.ID, "upload-button"))
    assert browser.find_element(By.ID, "found").text == "13"
    _shoot(browser, shots, "03-review")

    row = browser.find_element(By.ID, "m0t0")
    due = row.find_element(By.NAME, "due")
    browser.execute_script("arguments[0].value = '2023-02-15'", due)  # the date picker
    steps.fields += 1
    steps.click(browser, row.find_element(By.TAG_NAME, "button"))
    assert "15 ก.พ. 2566" in browser.find_element(By.ID, "m0t0").text
    steps.click(browser, browser.find_element(By.ID, "confirm"))

    assert browser.find_element(By.ID, "measure-count").text == "13"
    seconds = time.perf_counter() - steps.started
    _shoot(browser, shots, "04-board")
    print(f"\nimport flow: {steps.clicks} clicks, {steps.fields} fields, {seconds:.1f} s in the browser")
    assert steps.clicks <= 8

    for name, text in (("05-people", "บุคลากร"), ("06-groups", "กลุ่ม LINE"),
                       ("07-settings", "ตั้งค่า"), ("08-reports", "รายงาน")):
        _click_and_load(browser, browser.find_element(By.LINK_TEXT, text))
        _shoot(browser, shots, name)
    from selenium.webdriver.support.ui import Select

    _click_and_load(browser, browser.find_element(By.LINK_TEXT, "บุคลากร"))
    Select(browser.find_element(By.ID, "unit")).select_by_visible_text("กองคลัง")
    _click_and_load(browser, browser.find_element(By.ID, "make-invite"))
    assert browser.find_element(By.CSS_SELECTOR, "#qr svg")
    _shoot(browser, shots, "09-invite-qr")
    _click_and_load(browser, browser.find_element(By.LINK_TEXT, "ภาพรวม"))
    _click_and_load(browser, browser.find_element(By.CSS_SELECTOR, "#tasks a"))
    _shoot(browser, shots, "10-task")

    # the same link a second time, and a form whose CSRF token was taken out
    browser.get(link)
    assert "ถูกใช้ไปแล้ว" in browser.find_element(By.ID, "message").text
    browser.get(server + "/console/settings")
    browser.execute_script("document.querySelector('#policy [name=csrf_token]').remove()")
    _click_and_load(browser, browser.find_element(By.ID, "save-policy"))
    assert "แบบฟอร์มหมดอายุ" in browser.find_element(By.ID, "message").text


def test_a_head_cannot_open_another_units_task_and_an_expired_link_is_refused(demo_bot, server, shots):
    with demo_bot.rt.factory() as session:
        other = session.scalar(select(Task.id).join(Unit, Task.unit_id == Unit.id)
                               .where(Unit.name == "กองช่าง").limit(1))
    from selenium.webdriver.common.by import By

    phone = _browser(390, 844)
    try:
        expired = server + link_for(demo_bot, HEAD_FINANCE)
        demo_bot.clock.advance(minutes=11)
        phone.get(expired)
        assert "หมดอายุ" in phone.find_element(By.ID, "message").text
        phone.get(server + link_for(demo_bot, HEAD_FINANCE))
        _click_and_load(phone, phone.find_element(By.ID, "signin"))
        _shoot(phone, shots, "11-board-phone-head")
        assert "กองช่าง" not in phone.find_element(By.ID, "units").text
        phone.get(f"{server}/console/tasks/{other}")
        assert "ไม่มีสิทธิ์" in phone.find_element(By.ID, "message").text
    finally:
        phone.quit()
