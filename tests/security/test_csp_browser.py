"""
The Content-Security-Policy in a real browser (Debian's chromium through
pytest-playwright, as in tests/browser/): the admin's changelist, change
form with inlines and autocomplete, the import upload page, the API docs
and the public pages run with no violation and no console error.
"""

from pathlib import Path

import pytest

from tests.factories import make_user

from .conftest import build_site

playwright_api = pytest.importorskip(
    "playwright.sync_api", reason="pytest-playwright is not installed"
)
expect = playwright_api.expect

CHROMIUM = Path("/usr/bin/chromium")
PASSWORD = "a long password for the browser test"

pytestmark = [
    pytest.mark.skipif(not CHROMIUM.exists(), reason=f"{CHROMIUM} is missing"),
    pytest.mark.django_db(transaction=True),
]

REPORT_VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__violations.push(`${event.violatedDirective} ${event.blockedURI}`);
});
"""


@pytest.fixture
def problems(page):
    """
    Return the list every CSP violation, console error and page error is
    added to; the test fails at teardown if it is not empty.
    """
    found = []
    page.add_init_script(REPORT_VIOLATIONS)
    page.on(
        "console",
        lambda message: (
            message.type == "error"
            # The admin names no icon, so the browser asks for /favicon.ico.
            and not message.location["url"].endswith("/favicon.ico")
            and found.append(f"{message.text} {message.location['url']}")
        ),
    )
    page.on("pageerror", lambda error: found.append(f"page error: {error}"))
    yield found
    assert found == []


def visit(page, url, problems):
    """Open ``url``, wait for it to settle, and collect its CSP violations."""
    page.goto(url)
    page.wait_for_load_state("networkidle")
    problems += page.evaluate("window.__violations")


@pytest.fixture
def site_with_editor():
    site = build_site(
        description="**Markdown** description with a [link](https://example.com)."
    )
    make_user(username="editor", password=PASSWORD, is_staff=True, is_superuser=True)
    return site


def test_the_admin_works_under_the_csp(page, live_server, site_with_editor, problems):
    model = site_with_editor.models[0]
    page.goto(f"{live_server.url}/admin/login/")
    page.get_by_label("Username").fill("editor")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(f"{live_server.url}/admin/")

    visit(page, f"{live_server.url}/admin/catalog/languagemodel/?q=a", problems)
    expect(page.locator("#result_list")).to_contain_text("Alpha")

    visit(
        page,
        f"{live_server.url}/admin/catalog/languagemodel/{model.pk}/change/",
        problems,
    )
    # An inline row added by the admin's JavaScript: a new model's first
    # routes (the change form lists them read-only since issue 22).
    visit(page, f"{live_server.url}/admin/catalog/languagemodel/add/", problems)
    routes = page.locator("#routes-group tbody tr.form-row:not(.empty-form)")
    before = routes.count()
    page.locator("#routes-group .add-row a").click()
    expect(routes).to_have_count(before + 1)
    # The organization's autocomplete asks the server and lists the answer.
    page.locator("#id_organization").locator("xpath=..").locator(
        ".select2-selection"
    ).click()
    page.locator(".select2-dropdown .select2-search__field").fill("La")
    expect(page.locator(".select2-results__option").first).to_have_text("Lab")
    page.keyboard.press("Escape")
    problems += page.evaluate("window.__violations")

    comparison = site_with_editor.comparison
    for path in (
        "/admin/",
        f"/admin/comparisons/comparison/{comparison.pk}/change/",
        "/admin/catalog/route/add/",
        "/admin/review-queue/",
        f"/admin/catalog/languagemodel/{model.pk}/history/",
        "/admin/imports/importrun/upload/",
    ):
        visit(page, live_server.url + path, problems)


def test_the_api_docs_work_under_the_csp(page, live_server, problems):
    visit(page, f"{live_server.url}/api/v1/docs", problems)
    operations = page.locator(".opblock-summary")
    expect(operations.first).to_be_visible()
    operations.first.click()
    expect(page.locator(".opblock-body").first).to_be_visible()
    problems += page.evaluate("window.__violations")


def test_the_public_pages_work_under_the_csp(
    page, live_server, site_with_editor, problems
):
    for path in (
        "/",
        "/models/alpha/",
        "/compare/alpha-vs-beta/",
        "/compare/?models=alpha,beta",
        "/benchmarks/bench/",
    ):
        visit(page, live_server.url + path, problems)
    visit(page, f"{live_server.url}/models/alpha/", problems)
    expect(page.locator(".rich-text strong")).to_have_text("Markdown")
