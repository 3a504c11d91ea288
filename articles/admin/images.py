"""Images in the admin: uploads checked before anything is stored, and a
thumbnail wherever an image is chosen (list, gallery, stills, poster, portrait,
lead image, translation screen)."""

from django import forms
from django.contrib import admin
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from modeltranslation.admin import TabbedTranslationAdmin

from ..conflicts import ConflictCheckedForm
from ..imaging.uploads import MAX_PIXELS, MAX_UPLOAD_BYTES, check_image
from ..models import FilmImage, Image
from ..templatetags.pressroom import thumbnail
from .base import RevisedAdmin
from .ordering import OrderedInlineMixin


class CheckedImageField(forms.FileField):
    """A file accepted only if its content decodes as a still we take."""

    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        if upload and upload is not initial and hasattr(upload, "chunks"):
            upload.checked = check_image(upload)  # ValidationError: a message
        return upload


class ImageForm(ConflictCheckedForm):
    file = CheckedImageField(
        label=gettext_lazy("file"),
        help_text=gettext_lazy(
            "JPEG, PNG, WebP or HEIC; at most %(megabytes)s MB and %(megapixels)s "
            "million pixels. The file is renamed after its content; its own name "
            "is not kept."
        )
        % {"megabytes": MAX_UPLOAD_BYTES // 2**20, "megapixels": MAX_PIXELS // 10**6},
        widget=forms.ClearableFileInput(
            attrs={"accept": "image/jpeg,image/png,image/webp,image/heic,image/heif"}
        ),
    )

    class Meta:
        model = Image
        fields = "__all__"


@admin.register(Image)
class ImageAdmin(RevisedAdmin, TabbedTranslationAdmin):
    form = ImageForm
    list_display = ["preview", "__str__", "size_display", "format", "created_at"]
    list_display_links = ["preview", "__str__"]
    search_fields = [
        "caption_en",
        "caption_ru",
        "caption_kk",
        "caption_es",
        "credit_en",
        "credit_ru",
        "credit_kk",
        "credit_es",
    ]
    readonly_fields = ["preview_large", "size_display", "files"]
    fieldsets = [
        (None, {"fields": ["file", "preview_large", "size_display", "files"]}),
        (
            gettext_lazy("Texts"),
            {
                "fields": [
                    "source_language",
                    "caption",
                    "alt_text",
                    "credit",
                    "credit_is_neutral",
                    "copyright",
                ]
            },
        ),
        (
            gettext_lazy("Crops"),
            {
                "fields": ["focal_x", "focal_y"],
                "description": gettext_lazy(
                    "Share cards are cropped to 1200 × 630 around this point."
                ),
            },
        ),
    ]

    @admin.display(description=gettext_lazy("preview"))
    def preview(self, image):
        return thumbnail(image, 80)

    @admin.display(description=gettext_lazy("preview"))
    def preview_large(self, image):
        return thumbnail(image, 320)

    @admin.display(description=gettext_lazy("size"))
    def size_display(self, image):
        if not image.width:
            return "—"
        return _("%(width)s × %(height)s px, %(megabytes)s MB") % {
            "width": image.width,
            "height": image.height,
            "megabytes": f"{(image.size or 0) / 2**20:.1f}",
        }

    @admin.display(description=gettext_lazy("files"))
    def files(self, image):
        if not image.pk or not image.width:
            return "—"
        return format_html(
            '<a href="{}">{}</a> · <a href="{}">{}</a> · <a href="{}">{}</a>',
            image.original_url(),
            _("original as uploaded"),
            image.download_url(image.source_language, "full"),
            _("download, full size"),
            image.url("social-jpeg"),
            _("share card crop"),
        )


class ThumbnailInlineMixin:
    """A preview column next to the chosen image of each row."""

    @admin.display(description=gettext_lazy("preview"))
    def preview(self, item):
        return thumbnail(item.image) if item.image_id else "—"


class PreviewsImageFields:
    """A read-only preview next to each image field of a change form."""

    image_fields = ()  # (field name, preview name)

    def get_readonly_fields(self, request, obj=None):
        previews = [preview for _field, preview in self.image_fields]
        return [*super().get_readonly_fields(request, obj), *previews]

    def get_fields(self, request, obj=None):
        previews = dict(self.image_fields)
        fields = [
            name
            for name in super().get_fields(request, obj)
            if name not in previews.values()
        ]
        for field, preview in previews.items():
            if field in fields:
                fields.insert(fields.index(field) + 1, preview)
        return fields


def image_preview(field, description):
    @admin.display(description=description)
    def preview(self, obj):
        return (
            thumbnail(getattr(obj, field))
            if obj and getattr(obj, f"{field}_id")
            else "—"
        )

    return preview


class FilmImageInline(ThumbnailInlineMixin, OrderedInlineMixin, admin.TabularInline):
    model = FilmImage
    fields = ["position", "image", "preview"]
    readonly_fields = ["preview"]
    autocomplete_fields = ["image"]
