import json
import re
import subprocess
import time
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe

from conftest import screenshot, sign_in

VIEWPORTS = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}
MARKER = "Zqxwvmarker"


def pdftotext(path):
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


def axe_violations(page):
    """WCAG 2.0/2.1 A and AA violations axe-core finds on the page."""
    result = Axe().run(page, options={"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}})
    return [(v["id"], v["help"], [n["target"] for n in v["nodes"]][:3]) for v in result.response["violations"]]


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_pages_accessible_with_screenshots(server, browser, viewport):
    context = browser.new_context(viewport=VIEWPORTS[viewport])
    page = context.new_page()
    page.goto(server.url + "/login")
    assert axe_violations(page) == []
    screenshot(page, f"login-{viewport}")
    page.close()
    page = sign_in(context, server, "anna")
    pages = {
        "home": "/",
        "documents": "/documents/kim-flyer-a4",
        "document-ar": "/documents/kim-flyer-trifold/musterstadt/ar",
        "document-ti": "/documents/kim-flyer-a4/musterstadt/ti",
        "form-languages": "/forms/eat",
        "form-ar": "/forms/eat/ar",
        "form-ti": "/forms/eat/ti",
        "offices": "/offices",
        "office": "/offices/musterstadt",
    }
    for name, path in pages.items():
        page.goto(server.url + path)
        page.wait_for_load_state("networkidle")
        assert axe_violations(page) == [], name
        screenshot(page, f"{name}-{viewport}")
    context.close()


def test_staff_downloads_arabic_flyer_and_checks_its_text(server, browser, tmp_path):
    context = browser.new_context(accept_downloads=True)
    page = sign_in(context, server, "stefan")
    page.click("a[href='/documents/kim-flyer-a4']")
    page.click("a[href='/documents/kim-flyer-a4/musterstadt/ar']")
    assert page.locator("h1").inner_text().endswith("العربية")
    with page.expect_download() as info:
        page.click("a[href$='/document.pdf']")
    path = tmp_path / "flyer-ar.pdf"
    info.value.save_as(path)
    text = pdftotext(path)
    assert "إدارة الاندماج البلدية" in text
    assert "+49 221 4710-123" in text  # a phone number in right-to-left text keeps its order
    context.close()


def test_case_manager_fills_arabic_form_with_suggestion(server, browser, tmp_path):
    """A non-Latin name is refused with ICU's Latin spelling as a suggestion; one click puts it in
    the field; the PDF carries the values. The marker name is then found nowhere but in the PDF."""
    context = browser.new_context(accept_downloads=True)
    page = sign_in(context, server, "cem")
    bodies = []

    def keep(response):
        try:
            if not response.headers.get("content-type", "").startswith("application/pdf"):
                bodies.append((response.url, response.body()))
        except Exception:
            pass

    page.on("response", keep)
    page.goto(server.url + "/forms/eat/ar")
    assert page.get_attribute("#f-surname", "autocomplete") == "off"
    page.fill("#f-surname", "كريمي")
    page.fill("#f-given_names", MARKER)
    page.fill("#f-date_of_birth", "1990-04-23")
    page.click("form.client button[type=submit]")
    problem = page.locator("[data-field='surname'] .problem")
    problem.wait_for()
    assert "must be in Latin letters" in problem.inner_text()
    assert page.get_attribute("#f-surname", "aria-invalid") == "true"
    page.click("[data-field='surname'] button.suggestion")
    assert page.input_value("#f-surname") == "Krymy"
    with page.expect_download() as info:
        page.click("form.client button[type=submit]")
    path = tmp_path / "eat-ar.pdf"
    info.value.save_as(path)
    text = pdftotext(path)
    assert "Krymy" in text and MARKER in text and "23.04.1990" in text
    # The marker is in no other answer, nowhere on disk, in no log.
    for url, body in bodies:
        assert MARKER.encode() not in body, url
    path.unlink()
    server_files = [p for p in Path(server.base_dir).rglob("*") if p.is_file()]
    for f in server_files:
        assert MARKER.encode() not in f.read_bytes(), str(f)
    assert MARKER not in server.log_path.read_text()
    context.close()


def test_problems_without_javascript_name_the_field(server, browser):
    context = browser.new_context(java_script_enabled=False)
    page = sign_in(context, server, "cem")
    page.goto(server.url + "/forms/eat/ru")
    page.fill("#f-surname", "Иванов")
    page.fill("#f-date_of_birth", "2091-13-40")
    page.click("form.client button[type=submit]")
    assert page.locator("h1").inner_text() == "Angaben prüfen"
    text = page.locator(".error").inner_text()
    assert "Familienname" in text and "Ivanov" in text
    context.close()


def test_wrong_role_is_refused(server, browser):
    context = browser.new_context()
    page = sign_in(context, server, "cem")
    response = page.goto(server.url + "/documents/kim-flyer-a4")
    assert response.status == 403
    context.close()


def test_office_edit_refused_when_another_tab_saved_first(server, browser):
    context = browser.new_context()
    first = sign_in(context, server, "stefan")
    second = context.new_page()
    first.goto(server.url + "/offices/beispielkreis")
    second.goto(server.url + "/offices/beispielkreis")
    first.fill("#o-phone", "+49 2521 85-4321")
    first.click("form.client button[type=submit]")
    first.wait_for_selector("text=Gespeichert.")
    second.fill("#o-email", "neu@beispielkreis.example")
    with second.expect_response(lambda r: r.request.method == "POST") as info:
        second.click("form.client button[type=submit]")
    assert info.value.status == 409
    assert "wurde geändert, seit Sie diese Seite geöffnet haben" in second.locator(".error").inner_text()
    assert axe_violations(second) == []
    text = (server.root / "Templates/offices/beispielkreis.yaml").read_text()
    assert "+49 2521 85-4321" in text and "neu@beispielkreis.example" not in text
    context.close()


def test_csv_upload_with_one_bad_row_names_the_row(server, browser, tmp_path):
    context = browser.new_context(accept_downloads=True)
    page = sign_in(context, server, "cem")
    page.goto(server.url + "/forms/eat/uk")
    good = tmp_path / "gut.csv"
    good.write_text("surname,given_names,date_of_birth\nMustermann,Max,1990-01-01\nBeispiel,Eva,1991-02-28\n")
    page.set_input_files("#csv", str(good))
    with page.expect_download() as info:
        page.click("section.batch button[type=submit]")
    path = tmp_path / "stapel.zip"
    info.value.save_as(path)
    listing = subprocess.run(["unzip", "-Z1", str(path)], capture_output=True, text=True, check=True).stdout.split()
    assert listing == ["eat-uk-0001.pdf", "eat-uk-0002.pdf"]
    bad = tmp_path / "schlecht.csv"
    bad.write_text("surname,given_names,date_of_birth\nMustermann,Max,1990-01-01\nBeispiel,Eva,1990-02-31\n")
    page.goto(server.url + "/forms/eat/uk")
    page.set_input_files("#csv", str(bad))
    page.click("section.batch button[type=submit]")
    page.wait_for_selector("h1:text('Stapel prüfen')")
    row = page.locator("table.problems tbody tr").first.inner_text()
    assert row.startswith("2") and "Geburtsdatum" in row
    assert axe_violations(page) == []
    screenshot(page, "batch-problems-desktop")
    context.close()


def test_translators_conflict_and_concurrent_units(server, browser):
    """Two translators in two browsers: the same unit, the second sees the conflict and nothing
    is lost; different units at the same time, both are in the PO file and msgfmt accepts it."""
    one = browser.new_context()
    two = browser.new_context()
    a = sign_in(one, server, "tanja")
    b = sign_in(two, server, "anna")
    a.goto(server.url + "/translations/ar/flyer.offer.heading")
    b.goto(server.url + "/translations/ar/flyer.offer.heading")
    a.fill("#text", "ما نقدمه لكم")
    a.click("button[value=draft]")
    a.wait_for_url("**gespeichert=1")
    b.fill("#text", "ماذا نفعل من أجلكم")
    # The save's answer, not a preview's or check's (the editor posts those as one types).
    with b.expect_response(lambda r: r.request.method == "POST" and r.url.endswith("/translations/ar/flyer.offer.heading")) as info:
        b.click("button[value=draft]")
    assert info.value.status == 409
    assert "ما نقدمه لكم" in b.locator(".error blockquote").inner_text()
    assert b.input_value("#text") == "ماذا نفعل من أجلكم"
    assert axe_violations(b) == []
    screenshot(b, "translation-conflict-ar-desktop")
    # Different units, both pages open before either saves.
    a.goto(server.url + "/translations/ti/flyer.title")
    b.goto(server.url + "/translations/ti/flyer.offer.heading")
    a.fill("#text", "ምሕደራ ምትእኽኻብ ናይ ከተማ")
    b.fill("#text", "እንታይ ንገብረልኩም")
    a.click("button[value=draft]")
    b.click("button[value=draft]")
    a.wait_for_url("**gespeichert=1")
    b.wait_for_url("**gespeichert=1")
    po = (server.root / "Translations/ti.po").read_text()
    assert "ምሕደራ ምትእኽኻብ ናይ ከተማ" in po and "እንታይ ንገብረልኩም" in po
    assert subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(server.root / "Translations/ti.po")]).returncode == 0
    for page, name in [(a, "translation-editor-ti"), (b, "translation-editor-ti-2")]:
        assert axe_violations(page) == []
    screenshot(a, "translation-editor-ti-desktop")
    a.goto(server.url + "/translations")
    assert axe_violations(a) == []
    screenshot(a, "translations-overview-desktop")
    a.goto(server.url + "/translations/ar?state=draft")
    assert axe_violations(a) == []
    screenshot(a, "translation-units-ar-desktop")
    one.close()
    two.close()


def test_translator_sees_preview_and_overflow(server, browser):
    context = browser.new_context()
    page = sign_in(context, server, "tanja")
    page.goto(server.url + "/translations/ar/flyer.audience.text")
    page.wait_for_selector("#preview img")
    assert "Passt" in page.locator("#preview p").inner_text()
    page.fill("#text", "نص طويل جدا لا يتسع في المربع " * 60 + "{district}")
    page.wait_for_selector("#preview p.error")
    assert "mm zu viel" in page.locator("#preview p.error").inner_text()
    # While typing only the region comes; the page thumbnail stays, and is drawn again once typing pauses.
    assert page.locator("#preview img.region").count() == 1
    assert page.locator("#preview img.thumb").count() == 1
    with page.expect_response(lambda r: r.url.endswith("/preview") and "pages=none" not in (r.request.post_data or "")):
        pass
    assert page.locator("#preview img.thumb").count() == 1
    assert axe_violations(page) == []
    screenshot(page, "translation-editor-ar-overflow-desktop")
    context.close()


def overview_cell(page, lang, column):
    """A number of the translations overview: column 0 is the bar, 1 total, 2 reviewed, 3 draft …"""
    row = page.locator("table.status tbody tr", has=page.locator(f"a[href='/translations/{lang}']"))
    return row.locator("td").nth(column).inner_text().strip()


def test_reviewer_marks_unit_reviewed_and_draft_line_disappears(server, browser, tmp_path):
    """Turkish with every unit reviewed but flyer.title: the flyer carries the draft line; a
    translator with the reviewer right for Turkish marks flyer.title reviewed; the PDF no longer
    has the line and the overview's draft count drops to 0."""
    po = server.root / "Translations/tr.po"
    lines = po.read_text().split("\n")
    kept = []
    for i, line in enumerate(lines):
        if line.startswith("# draft"):
            j = i
            while j < len(lines) and not lines[j].startswith("msgctxt"):
                j += 1
            if j >= len(lines) or lines[j] != 'msgctxt "flyer.title"':
                continue
        kept.append(line)
    po.write_text("\n".join(kept))
    subprocess.run([server.binary, "users", "review", "tanja", "--lang", "tr"], env=server.env, check=True, capture_output=True)
    context = browser.new_context()
    page = sign_in(context, server, "tanja")
    time.sleep(1.2)  # the server looks at the project at most once a second

    def flyer_text(name):
        response = context.request.get(server.url + "/documents/kim-flyer-a4/musterstadt/tr/document.pdf")
        assert response.status == 200
        path = tmp_path / name
        path.write_bytes(response.body())
        return pdftotext(path)

    notice = "noch nicht von einer Person geprüft"
    assert notice in flyer_text("before.pdf")
    page.goto(server.url + "/translations")
    assert overview_cell(page, "tr", 3) == "1"
    page.goto(server.url + "/translations/tr/flyer.title")
    page.click("button[value=reviewed]")
    page.wait_for_url("**gespeichert=1")
    assert "geprüft" in page.locator("h1 .badge").inner_text()
    time.sleep(1.2)
    assert notice not in flyer_text("after.pdf")
    page.goto(server.url + "/translations")
    assert overview_cell(page, "tr", 3) == "0"
    context.close()


def replace_msgstr(text, unit, value):
    """The PO text with one unit's msgstr replaced by a one-line string, and that line's number."""
    lines = text.split("\n")
    start = lines.index(f'msgctxt "{unit}"')
    i = start
    while not lines[i].startswith("msgstr "):
        i += 1
    lines[i] = f'msgstr "{value}"'
    while i + 1 < len(lines) and lines[i + 1].startswith('"'):
        del lines[i + 1]
    return "\n".join(lines), i + 1


def test_agency_upload_names_the_bad_line_then_merges_when_confirmed(server, browser, tmp_path):
    context = browser.new_context(accept_downloads=True, viewport=VIEWPORTS["desktop"])
    page = sign_in(context, server, "tanja")
    page.goto(server.url + "/agency/uk")
    with page.expect_download() as info:
        page.click("a[href='/agency/uk/export.po']")
    exported = tmp_path / "export.po"
    info.value.save_as(exported)
    text = exported.read_text()
    assert "# kimdoc-sent: " in text
    bad_text, line = replace_msgstr(text, "flyer.audience.text", "Для всіх.")
    bad = tmp_path / "uk-zurueck.po"
    bad.write_text(bad_text)
    page.set_input_files("#po", str(bad))
    page.click("form[action='/agency/uk/check'] button[type=submit]")
    page.wait_for_selector("h1:has-text('Prüfbericht')")
    findings = page.locator("table.findings-table").inner_text()
    assert f"uk-zurueck.po:{line}" in findings and "{district}" in findings
    assert page.locator("button[name=keep]").count() == 0
    assert axe_violations(page) == []
    for viewport in VIEWPORTS:
        page.set_viewport_size(VIEWPORTS[viewport])
        screenshot(page, f"agency-report-errors-{viewport}")
    page.set_viewport_size(VIEWPORTS["desktop"])
    # A good file changing two units: both are listed with a choice; only the one left ticked
    # is merged, as a draft; the other stays as it was.
    good_text, _ = replace_msgstr(text, "flyer.title", "Комунальний менеджмент інтеграції")
    good_text, _ = replace_msgstr(good_text, "flyer.offer.heading", "Не брати цей заголовок")
    good = tmp_path / "uk-gut.po"
    good.write_text(good_text)
    page.goto(server.url + "/agency/uk")
    page.set_input_files("#po", str(good))
    page.click("form[action='/agency/uk/check'] button[type=submit]")
    page.wait_for_selector("h1:has-text('Prüfbericht')")
    changes = page.locator("table.changes").inner_text()
    assert "flyer.title" in changes and "flyer.offer.heading" in changes and "Не брати цей заголовок" in changes
    assert page.locator("input[name=take][value='flyer.title']").is_checked()
    assert "Комунальний менеджмент інтеграції" not in (server.root / "Translations/uk.po").read_text()
    assert axe_violations(page) == []
    for viewport in VIEWPORTS:
        page.set_viewport_size(VIEWPORTS[viewport])
        screenshot(page, f"agency-report-{viewport}")
    page.uncheck("input[name=take][value='flyer.offer.heading']")
    page.click("button[name=keep][value=drafts]")
    page.wait_for_selector("h1:has-text('Übernommen')")
    assert "Nicht gewählt, unverändert gelassen: flyer.offer.heading" in page.locator("main").inner_text()
    po = (server.root / "Translations/uk.po").read_text()
    assert "Комунальний менеджмент інтеграції" in po
    assert "Не брати цей заголовок" not in po
    assert subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(server.root / "Translations/uk.po")]).returncode == 0
    context.close()


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_translator_pages_accessible_with_screenshots(server, browser, viewport):
    """The new translators' pages: overview with the overflow count, the Arabic plural editor with
    a preview per example number, the editor's cropped preview, the agency page."""
    context = browser.new_context(viewport=VIEWPORTS[viewport])
    page = sign_in(context, server, "tanja")
    page.goto(server.url + "/translations")
    assert axe_violations(page) == []
    screenshot(page, f"translations-overview-{viewport}")
    page.goto(server.url + "/translations/ar/flyer.team.text")
    assert page.locator("fieldset.plural textarea[data-plural]").count() == 6
    page.wait_for_selector("#preview .examples figure img")
    assert page.locator("#preview .examples figure").count() == 6
    assert axe_violations(page) == []
    screenshot(page, f"translation-editor-ar-plural-{viewport}")
    page.goto(server.url + "/translations/ar/flyer.audience.text")
    page.wait_for_selector("#preview img.region")
    assert axe_violations(page) == []
    screenshot(page, f"translation-editor-ar-{viewport}")
    page.goto(server.url + "/translations/ti/flyer.audience.text")
    page.wait_for_selector("#preview img.region")
    assert axe_violations(page) == []
    screenshot(page, f"translation-editor-ti-region-{viewport}")
    page.goto(server.url + "/agency/ar")
    assert axe_violations(page) == []
    screenshot(page, f"agency-{viewport}")
    context.close()
