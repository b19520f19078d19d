"""The billing console in a real headless Chromium (Debian's chromium, driven by Debian's chromedriver through
Selenium; nothing is downloaded), after a small run whose denials and coding reviews are left to people.

A biller signs in, opens the denial worklist, tries a bad write-off (the error is shown beside the field, what
was typed stays, nothing changes), appeals one denial and sees it leave the list and the dashboard's numbers move
without reloading; a coder approves a review; a front-desk user cannot open the denial worklist; an expired
session goes to sign-in and back to the same page. Screenshots of each page go to .rcm/test-screenshots.
"""

from __future__ import annotations

import asyncio
import csv
import io
import json
import os
import time
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

import httpx
import pytest
from rcm_platform.auth import Role
from rcm_platform.auth.dev_keys import ensure_dev_signer
from rcm_platform.localstack.config import find_repo_root
from rcm_platform.testing.phi_guard import remember_phi
from rcmctl.workload.profiles import DefectRates
from rcmctl.workload.run import run_workload
from selenium import webdriver
from selenium.common.exceptions import StaleElementReferenceException, WebDriverException
from selenium.webdriver.chrome.service import Service as DriverService
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support.ui import Select

pytestmark = pytest.mark.stack

CHROMIUM = os.environ.get("RCM_CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("RCM_CHROMEDRIVER", "/usr/bin/chromedriver")
SHOTS = Path(os.environ.get("RCM_SCREENSHOTS_DIR", find_repo_root() / ".rcm" / "test-screenshots"))
T = TypeVar("T")


@pytest.fixture
def browser() -> Iterator[WebDriver]:
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in (
        "--headless=new",
        "--no-sandbox",
        "--disable-dev-shm-usage",
        "--window-size=1400,1000",
        "--lang=en-US",
    ):
        options.add_argument(argument)
    driver = webdriver.Chrome(service=DriverService(executable_path=CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(60)
    try:
        yield driver
    finally:
        driver.quit()


def _until(what: str, check: Callable[[], T | None], timeout_s: float = 60) -> T:
    deadline = time.monotonic() + timeout_s
    while True:
        try:
            found = check()
        except (StaleElementReferenceException, WebDriverException):
            found = None
        if found:
            return found
        if time.monotonic() > deadline:
            raise AssertionError(f"waited {timeout_s:.0f}s for {what}")
        time.sleep(0.3)


def _shot(driver: WebDriver, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    driver.save_screenshot(str(SHOTS / f"{name}.png"))


def _sign_in(
    driver: WebDriver, base: str, role: Role, tenant: str, *, expect_path: str | None = None
) -> None:
    if "/console/login" not in driver.current_url:
        driver.get(f"{base}/console/login")
    driver.find_element(By.ID, "name").send_keys(f"{role.value}-1")
    Select(driver.find_element(By.ID, "role")).select_by_value(role.value)
    driver.find_element(By.ID, "clinics").send_keys(tenant)
    driver.find_element(By.ID, "sign-in").click()
    if expect_path:
        _until(f"{expect_path} after sign-in", lambda: expect_path in driver.current_url)


def _sign_out(driver: WebDriver) -> None:
    driver.find_element(By.XPATH, "//button[text()='Sign out']").click()
    _until("the sign-in page", lambda: "/console/login" in driver.current_url)


def _open_keys(driver: WebDriver) -> list[str]:
    return [
        row.get_attribute("data-key") or "" for row in driver.find_elements(By.CSS_SELECTOR, "tr[data-key]")
    ]


def _tile(driver: WebDriver, testid: str) -> str:
    return driver.find_element(By.CSS_SELECTOR, f"[data-testid='{testid}']").text


async def test_billers_coders_and_the_front_desk_work_in_the_console(
    fleet_factory: object, kafka_bootstrap: str, unique_name: str, browser: WebDriver
) -> None:
    fleet = fleet_factory()  # type: ignore[operator]
    # Denials are sure to come (Northwind denies half), and the back office leaves them and the coding reviews
    # to the people in the console.
    fleet.env["RCM_CLEARINGHOUSE_PAYER_DENIAL_RATES"] = json.dumps({"NWHP1": "0.5", "MCR01": "0.3"})
    await asyncio.to_thread(fleet.start)
    urls = {proc.name: proc.url for proc in fleet.processes}
    result = await run_workload(
        urls,
        kafka_bootstrap,
        encounters=24,
        seed=41,
        today=date.today(),
        remember_phi=remember_phi,
        topic_prefix=f"{unique_name}.",
        settle_timeout_s=300,
        left_to_people=frozenset({"DenialRouted", "CodingReviewRequired"}),
        defects=DefectRates(registration=0.04, coding=0.3, bundling=0.02),  # coding reviews for the coder
    )
    # Settled or not (a review left open holds its visit), what matters here is what the people have to work.
    assert result.tracker is not None
    events = result.tracker.events
    denied_tenants = [m.envelope.tenant_id for m in events.of("DenialRouted")]
    review_tenants = [m.envelope.tenant_id for m in events.of("CodingReviewRequired")]
    assert denied_tenants and review_tenants, "the run must leave denials and coding reviews to people"
    biller_clinic = max(set(denied_tenants), key=denied_tenants.count)
    coder_clinic = review_tenants[0]
    base = urls["analytics"]
    driver = browser

    # Signed out, the worklist sends the biller to sign in and back to it.
    driver.get(f"{base}/console/worklists/denials?sort=amount&desc=1")
    _until("the sign-in page", lambda: "/console/login" in driver.current_url)
    _shot(driver, "01-sign-in")
    _sign_in(driver, base, Role.biller, biller_clinic, expect_path="/console/worklists/denials")
    assert "sort=amount" in driver.current_url  # the bookmarked filters survive sign-in
    keys = _until("the denials in the worklist", lambda: _open_keys(driver) or None)
    _shot(driver, "02-denial-worklist")
    total = int(driver.find_element(By.CSS_SELECTOR, "[data-testid='total']").text.split()[0])
    assert total == len(set(keys)) == denied_tenants.count(biller_clinic)
    amounts = [c.text for c in driver.find_elements(By.CSS_SELECTOR, "tbody td.num:nth-child(3)")]
    assert all(a.count(".") == 1 and len(a.split(".")[1]) == 2 for a in amounts)  # money with two decimals
    assert driver.find_element(By.CSS_SELECTOR, "tbody td.num").value_of_css_property("text-align") == "right"

    # The CSV has every row of the list.
    cookies = {c["name"]: c["value"] for c in driver.get_cookies()}
    csv_link = driver.find_element(By.CSS_SELECTOR, "[data-testid='csv']").get_attribute("href")
    exported = httpx.get(str(csv_link), cookies=cookies, timeout=30)
    assert exported.status_code == 200 and exported.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(exported.text)))
    assert sorted(r["key"] for r in rows) == sorted(keys)

    # The dashboard before the appeal.
    driver.get(f"{base}/console/dashboard")
    appealed_before = int(_until("the dashboard tiles", lambda: _tile(driver, "kpi-appealed")))
    _until(
        "the charts drawn",
        lambda: driver.execute_script("return window.Chart && Object.keys(Chart.instances).length") == 4,
    )
    _shot(driver, "03-dashboard")

    # Keyboard: j focuses the first row, Enter opens it.
    driver.get(f"{base}/console/worklists/denials?sort=amount&desc=1")
    _until("the rows", lambda: _open_keys(driver) or None)
    first = _open_keys(driver)[0]
    driver.find_element(By.TAG_NAME, "body").send_keys("j")
    assert driver.switch_to.active_element.get_attribute("data-key") == first
    driver.switch_to.active_element.send_keys(Keys.ENTER)
    _until("the denial page", lambda: f"/console/denials/{first}" in driver.current_url)
    status_before = driver.find_element(By.CSS_SELECTOR, "[data-testid='case-status']").text
    _shot(driver, "04-denial")

    # A bad write-off: the error beside the field, the typed value kept, nothing changed.
    driver.find_element(By.ID, "amount").send_keys("12.3.4")
    driver.find_element(By.ID, "reason").send_keys("small balance")
    driver.find_element(By.ID, "write-off").click()
    error = _until("the amount's error", lambda: driver.find_element(By.ID, "amount-error"))
    assert "amount" in error.text
    assert driver.find_element(By.ID, "amount").get_attribute("value") == "12.3.4"
    assert driver.find_element(By.ID, "reason").get_attribute("value") == "small balance"
    assert driver.find_element(By.CSS_SELECTOR, "[data-testid='case-status']").text == status_before
    _shot(driver, "05-bad-write-off")
    # A value only the service can judge: its 422 comes back beside the field (here: no reason given).
    driver.find_element(By.ID, "amount").clear()
    driver.find_element(By.ID, "reason").clear()
    driver.find_element(By.ID, "write-off").click()
    from_the_service = _until(
        "the reason's error from the API", lambda: driver.find_element(By.ID, "reason-error")
    )
    assert from_the_service.text
    assert driver.find_element(By.CSS_SELECTOR, "[data-testid='case-status']").text == status_before

    # The appeal, with the generated letter.
    driver.find_element(By.ID, "argument").send_keys("The service was medically necessary; records attached.")
    driver.find_element(By.ID, "appeal").click()
    _until("the appeal sent", lambda: driver.find_element(By.CSS_SELECTOR, "[data-testid='done']"))

    def letter_link() -> Any:
        driver.refresh()
        found = driver.find_elements(By.CSS_SELECTOR, "[data-testid='letter-link']")
        return found[0] if found else None

    _until("the appeal and its letter", letter_link, 90).click()
    letter = _until("the letter", lambda: driver.find_element(By.CSS_SELECTOR, "[data-testid='letter']").text)
    assert first in letter or "appeal" in letter.lower()
    _shot(driver, "06-appeal-letter")

    # The worklist, left open, loses the appealed denial without a reload; the dashboard's count moves.
    driver.get(f"{base}/console/worklists/denials")
    marker = driver.execute_script("window.__notReloaded = true; return window.__notReloaded")
    assert marker
    _until("the appealed denial to leave the list", lambda: first not in _open_keys(driver), 90)
    assert driver.execute_script("return window.__notReloaded") is True
    driver.get(f"{base}/console/dashboard")
    driver.execute_script("window.__notReloaded = true")
    _until(
        "the dashboard's appeals count to move",
        lambda: int(_tile(driver, "kpi-appealed")) == appealed_before + 1,
        90,
    )
    assert driver.execute_script("return window.__notReloaded") is True
    _shot(driver, "07-dashboard-after-appeal")

    # The claim page: its timeline and the 837P.
    driver.get(f"{base}/console/claims/{first}")
    steps = driver.find_elements(By.CSS_SELECTOR, "[data-testid='timeline'] .event")
    shown = [s.text for s in steps]
    # The encounter's registration before the claim's events, all in time order.
    assert shown[0] in ("EncounterRegistered", "RegistrationIncomplete")
    assert shown.index("ClaimSubmitted") < shown.index("ClaimDenied") < shown.index("AppealFiled")
    assert driver.find_elements(By.CSS_SELECTOR, "pre.x12[data-kind='837P']")
    _shot(driver, "08-claim")
    _sign_out(driver)

    # A coder approves a review.
    _sign_in(driver, base, Role.coder, coder_clinic, expect_path="/console/worklists/coding")
    reviews = _until(
        "the coding reviews", lambda: driver.find_elements(By.CSS_SELECTOR, "tbody tr[data-href]") or None
    )
    review_key = reviews[0].get_attribute("data-key")
    _shot(driver, "09-coding-worklist")
    reviews[0].find_element(By.TAG_NAME, "a").click()
    _until("the review", lambda: driver.find_element(By.ID, "approve"))
    # The form proposes the assistant's billable code where the provider wrote a category (e.g. J06); with no
    # suggestion the coder writes one (R69 is billable as it is). The lines stay as the form shows them.
    diagnoses = driver.find_element(By.ID, "diagnoses")
    first_code = (diagnoses.get_attribute("value") or "").split(",")[0].replace(".", "").strip()
    if len(first_code) <= 3 and first_code != "R69":
        diagnoses.clear()
        diagnoses.send_keys("R69")
    driver.find_element(By.ID, "approve").click()

    def approved() -> Any:
        refused = driver.find_elements(By.CSS_SELECTOR, ".field-error, .error")
        assert not refused, [e.text for e in refused]
        return driver.find_elements(By.CSS_SELECTOR, "[data-testid='done']")

    _until("the approval sent", approved)
    _shot(driver, "10-coding-review")
    driver.get(f"{base}/console/worklists/coding")
    _until("the approved review to leave the list", lambda: review_key not in _open_keys(driver), 90)
    _sign_out(driver)

    # The front desk cannot open the denial worklist.
    _sign_in(driver, base, Role.front_desk, biller_clinic, expect_path="/console/worklists/front_desk")
    driver.get(f"{base}/console/worklists/denials")
    refused = driver.find_element(By.CSS_SELECTOR, "[data-testid='refused']")
    assert "role" in refused.text
    assert not driver.find_elements(By.CSS_SELECTOR, "tr[data-key]")
    _shot(driver, "11-front-desk-refused")
    _sign_out(driver)

    # An expired session: to sign-in, and back to the same page after it.
    # Tokens are let in up to 30 s past their expiry (clock skew): this one has 5 s of that left at sign-in.
    expiring = ensure_dev_signer().mint(
        subject="biller-1", roles=(Role.biller,), tenants=[biller_clinic], ttl_s=-25
    )
    driver.get(f"{base}/console/login")
    driver.find_element(By.ID, "token").send_keys(expiring)
    driver.find_element(By.ID, "sign-in").click()
    time.sleep(6)
    driver.get(f"{base}/console/worklists/denials?payer=NWHP1")
    _until("sign-in after the session ended", lambda: "/console/login" in driver.current_url)
    assert "ended" in driver.page_source
    _sign_in(driver, base, Role.biller, biller_clinic, expect_path="/console/worklists/denials?")
    assert "payer=NWHP1" in driver.current_url
