"""The first hour in a real browser: the app runs as `python -m bot run` does (local mode, its
own port), and headless Chromium walks the story of issue 12 on the /dev page — register,
report, report a problem, ask who did it, move the clock a month, see the reminder and the
digest with its chart image — taking a screenshot of each step (the directory is printed).

Needs Debian's `chromium` and `chromium-driver` (`.ci/run` installs them); skipped with the
reason when they are missing.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
DRIVER = shutil.which("chromedriver")
if os.environ.get("REQUIRE_BROWSER_TEST") and not (CHROMIUM and DRIVER):
    raise RuntimeError("REQUIRE_BROWSER_TEST is set (as in .ci/run) but chromium or "
                       "chromedriver is missing")
pytestmark = pytest.mark.skipif(
    not (CHROMIUM and DRIVER),
    reason="headless browser test needs Debian's chromium and chromium-driver "
           "(apt-get install chromium chromium-driver; .ci/run does)")

ROOT = Path(__file__).resolve().parents[1]
NEWCOMER = "Udemo0newcomer2"  # shown by the stand-in as ศิริพร คำแก้ว
EXECUTIVE = "Udemo0executive"
HEAD = "Udemo0head0finance"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def app(db_url, tmp_path):
    """The real app in its own process, local mode, on a free port."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("LINE_")}
    env.update(DATABASE_URL=db_url, PORT=str(port), PYTHONUNBUFFERED="1")
    env.pop("PUBLIC_BASE_URL", None)
    log_path = tmp_path / "app.log"
    with open(log_path, "w") as log:
        process = subprocess.Popen([sys.executable, "-m", "bot", "run"], cwd=ROOT, env=env,
                                   stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(150):
            if process.poll() is not None:
                raise AssertionError("the app exited:\n" + log_path.read_text())
            try:
                if urllib.request.urlopen(base + "/dev", timeout=2).status == 200:
                    break
            except OSError:
                time.sleep(0.2)
        else:
            raise AssertionError("the app did not start:\n" + log_path.read_text())
        yield base, env
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()


@pytest.fixture
def browser():
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage",
                 "--window-size=1000,1400", "--lang=th"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(DRIVER), options=options)
    driver.set_page_load_timeout(30)
    yield driver
    driver.quit()


class Page:
    def __init__(self, driver, base: str, shots: Path) -> None:
        self.driver, self.base, self.shots, self.step = driver, base, shots, 0

    def open(self, user: str, chat: str = "") -> None:
        self.driver.get(f"{self.base}/dev?user={user}&chat={chat}")
        self.wait_for(lambda d: "คุณคือ" in d.find_element("id", "intro").text)

    def type(self, text: str) -> None:
        box = self.driver.find_element("id", "text")
        box.clear()
        box.send_keys(text)
        box.submit()

    def log_text(self) -> str:
        return self.driver.find_element("id", "log").text

    def wait_for(self, condition, timeout: float = 25):
        from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException
        from selenium.webdriver.support.ui import WebDriverWait

        ignored = (NoSuchElementException, StaleElementReferenceException)
        return WebDriverWait(self.driver, timeout, poll_frequency=0.3,
                             ignored_exceptions=ignored).until(condition)

    def wait_text(self, *needles: str, timeout: float = 25) -> str:
        try:
            self.wait_for(lambda d: all(n in self.log_text() for n in needles), timeout)
        except Exception as err:
            self.shot("failed")
            raise AssertionError(f"{needles} not on the page:\n{self.log_text()[-2000:]}") from err
        return self.log_text()

    def shot(self, name: str) -> Path:
        self.step += 1
        path = self.shots / f"{self.step:02d}-{name}.png"
        self.driver.save_screenshot(str(path))
        return path

    def click(self, element_id: str) -> None:
        self.driver.find_element("id", element_id).click()


def invite_code(env: dict) -> str:
    out = subprocess.run([sys.executable, "-m", "bot", "invite", "--unit", "กองคลัง", "--role",
                          "officer"], cwd=ROOT, env=env, capture_output=True, text=True,
                         check=True)
    return out.stdout.split()[0]


def test_the_first_hour_in_a_real_browser(app, browser):
    base, env = app
    shots = Path(tempfile.mkdtemp(prefix="ita-browser-"))
    print(f"\nscreenshots: {shots}")
    page = Page(browser, base, shots)

    # The page opens saying who you are, which chat, and what to try; time in B.E.
    page.open(NEWCOMER)
    intro = browser.find_element("id", "intro").text
    assert "ศิริพร คำแก้ว" in intro and "แชตส่วนตัวกับบอท" in intro and "ลองพิมพ์" in intro
    assert "25" in browser.find_element("id", "now").text  # B.E. year, Thai month
    page.shot("opens")

    # Register with a code printed by the command line (the same clock as the page).
    page.type(f"ลงทะเบียน {invite_code(env)}")
    page.wait_text("ลงทะเบียนเรียบร้อย", "ศิริพร คำแก้ว")
    page.shot("registered")

    page.type("o12 เสร็จแล้ว https://example.go.th/o12.pdf")
    page.wait_text("บันทึกแล้ว")
    page.type("o14 ติดปัญหา รอข้อมูลจากกองช่าง")
    page.wait_text("บันทึกปัญหา")
    page.shot("updated-and-problem")

    # The executive asks who did it: the person, the date and the evidence.
    page.open(EXECUTIVE)
    page.type("o12 ใครทำ")
    text = page.wait_text("รายงานโดย คุณศิริพร คำแก้ว", "https://example.go.th/o12.pdf")
    assert "ดำเนินการแล้ว" in text
    page.shot("who-did-it")

    # A month later: the reminders in the unit's group, the digests with the chart.
    page.click("nextmonth")
    page.wait_for(lambda d: "ม.ค." in d.find_element("id", "now").text
                  or "ก.พ." in d.find_element("id", "now").text, 60)
    page.wait_text("ภาพรวมมาตรการ ITA อบต.หนองตะไก่", "ปัญหาอุปสรรค", "ช่วงที่สรุป", timeout=60)
    assert "หน่วยงานของฉัน" not in page.log_text()
    image = page.wait_for(lambda d: next(
        (img for img in d.find_elements("css selector", "img.line-image")
         if d.execute_script("return arguments[0].complete && arguments[0].naturalWidth", img)),
        None), 30)
    assert image.get_attribute("src").startswith(base + "/charts/")
    browser.execute_script("arguments[0].scrollIntoView()", image)
    page.shot("executive-digest-chart")

    page.open(HEAD)
    page.wait_text("สรุปงาน ITA", "o14", "รอข้อมูลจากกองช่าง")
    page.shot("head-digest")

    page.open("Udemo0officer0finance", "Cdemo0finance")
    page.wait_text("o23", timeout=30)  # the monthly item's reminder in กองคลัง's group
    page.shot("group-reminder")

    # Back to today: the page still answers, the records are still there.
    page.click("today")
    page.open(EXECUTIVE)
    page.type("o14 ใครทำ")
    page.wait_text("ปัญหา: o14 ติดปัญหา รอข้อมูลจากกองช่าง")
    page.shot("back-to-today")
