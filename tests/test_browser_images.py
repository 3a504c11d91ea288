"""Images in a real browser: an editor uploads a lead image from the release's
add page, a journalist on a phone gets a small WebP and downloads the still
with its caption inside, and an unpublished image is gone at its old address
(Debian's Chromium driven by Playwright, see test_browser)."""

import io

import pytest
from PIL import Image as Picture
from PIL import IptcImagePlugin

from articles.models import Article, Image

from . import test_browser
from .test_admin import make_staff

pytestmark = [
    pytest.mark.skipif(
        not test_browser.CHROMIUM.exists(),
        reason="/usr/bin/chromium is missing (apt-get install chromium)",
    ),
    pytest.mark.django_db(transaction=True),
]

browser_page = test_browser.browser_page

CAPTION = "Aigerim Seitkali on the set of “Salt Lake”."
ALT = "A woman in a grey coat stands on a white salt flat under a low sky."
CREDIT = "Photo: Dana Omarova"


def camera_jpeg(path):
    """A 3600 × 2400 photo as a camera saves it: GPS, serial number, sideways."""
    picture = Picture.new("RGB", (3600, 2400), (180, 190, 200))
    for x in range(0, 3600, 300):
        picture.paste((40, 60, 90), (x, 1200, x + 150, 2400))
    exif = Picture.Exif()
    exif[0x0112] = 8  # to be turned upright
    exif[0x8825] = {1: "N", 2: (45.0, 52.0, 3.0)}
    exif.get_ifd(0x8769)[0xA431] = "SN-0042"
    picture.save(path, "JPEG", quality=90, exif=exif.tobytes())


def test_an_editor_adds_a_lead_image_and_a_journalist_downloads_it(
    browser_page, browser_problems, live_server, tmp_path
):
    page = browser_page
    site = live_server.url
    photo = tmp_path / "IMG_0042.evil.php.jpg"
    camera_jpeg(photo)
    test_browser.log_in(page, live_server, make_staff("saule", "Editors").username)

    # A new release, its lead image uploaded from the add page's "+" popup.
    page.goto(f"{site}/admin/articles/article/add/")
    page.fill("#id_title_en", "Salt Lake wins the jury prize")
    for text in ("The jury chose Salt Lake unanimously.", "It opens on 3 March."):
        index = page.locator(
            "#paragraphs-group .inline-related:not(.empty-form)"
        ).count()
        page.get_by_role("button", name="Add another Paragraph").click()
        page.fill(f"#id_paragraphs-{index}-text_en", text)
    with page.expect_popup() as opened:
        page.click("#add_id_hero_image")
    popup = opened.value
    popup.set_input_files("#id_file", photo)
    popup.fill("#id_caption_en", CAPTION)
    popup.fill("#id_alt_text_en", ALT)
    popup.fill("#id_credit_en", CREDIT)
    popup.click("input[name=_save]")
    popup.wait_for_event("close")
    image = Image.objects.get()
    assert page.locator("#id_hero_image").input_value() == str(image.pk)
    assert "evil" not in image.file.name and (image.width, image.height) == (2400, 3600)

    page.click("input[name=_continue]")
    page.wait_for_selector(".messagelist .success")
    preview = page.locator(".field-hero_preview img.admin-thumbnail")
    assert preview.evaluate("img => img.complete && img.naturalWidth") > 0
    page.get_by_role("button", name="Save and publish en", exact=True).click()
    page.wait_for_selector(".messagelist .success:has-text('published in English')")
    article = Article.objects.get()

    # A journalist on a phone: a WebP a few hundred pixels wide, not the original.
    phone = page.context.browser.new_context(
        viewport={"width": 390, "height": 844}, device_scale_factor=1
    )
    test_browser.watch(phone, browser_problems)
    reader = phone.new_page()
    outside, sizes = [], []
    reader.on(
        "request",
        lambda request: (
            outside.append(request.url) if not request.url.startswith(site) else None
        ),
    )
    reader.on(
        "response",
        lambda response: (
            sizes.append(len(response.body()))
            if "/media/images/" in response.url
            else None
        ),
    )
    reader.goto(f"{site}/en/releases/{article.slug}/")
    hero = reader.locator(".figure--hero img")
    hero.evaluate("img => img.decode()")
    assert hero.get_attribute("alt") == ALT
    assert hero.evaluate("img => img.currentSrc").endswith("/w480-webp.webp")
    assert sum(sizes) < 60_000, sizes  # the original is about a megabyte
    assert CREDIT in reader.locator(".figure--hero figcaption").inner_text()

    # The print-size download, with the caption and credit inside the file.
    with reader.expect_download() as downloading:
        reader.get_by_role("link", name="print size, 3000 px").click()
    download = downloading.value
    data = download.path().read_bytes()
    picture = Picture.open(io.BytesIO(data))
    assert picture.size == (2000, 3000)
    info = IptcImagePlugin.getiptcinfo(picture)
    assert info[(2, 120)].decode() == CAPTION
    assert info[(2, 110)].decode() == CREDIT
    exif = picture.getexif()
    assert 0x8825 not in exif and b"SN-0042" not in data
    old_address = hero.evaluate("img => img.currentSrc")

    # Unpublished: the address the journalist had answers 404 at once.
    page.get_by_role("button", name="Save and unpublish en", exact=True).click()
    page.wait_for_selector(".messagelist .success")
    assert reader.goto(old_address).status == 404
    browser_problems.expect("404")  # the old address, asked for on purpose
    phone.close()
    assert not outside
