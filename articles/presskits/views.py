"""Press-kit downloads: the kit built for the public content of this moment,
or a "being prepared" page while the worker builds it; never an older kit."""

from django.conf import settings
from django.core.cache import cache
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe

from ..file_responses import stored_file_response
from ..languages import active_language
from ..models import Article, Film, PressKit
from .building import stored
from .content import ALL, plan_film_kit, plan_release_kit

# One queued build per subject and minute, however many visitors ask.
QUEUE_THROTTLE_SECONDS = 60


@require_safe
def film_kit(request, slug, everything=False):
    film = get_object_or_404(Film, slug=slug)
    language = ALL if everything else active_language()
    return send_kit(request, plan_film_kit(film, language))


@require_safe
def release_kit(request, slug, everything=False):
    article = Article.objects.visible(active_language()).filter(slug=slug).first()
    if article is None:
        raise Http404("No release with this address is public.")
    language = ALL if everything else active_language()
    kit = plan_release_kit(article, language)
    if kit is None:
        raise Http404("No release with this address is public.")
    return send_kit(request, kit)


def send_kit(request, kit):
    row = stored(kit)
    if row is None:
        return preparing(request, kit)
    return stored_file_response(
        request,
        row.file,
        content_type="application/zip",
        etag=f'"{row.digest[:32]}"',
        last_modified=row.built_at,
        filename=kit.filename,
        accel_prefix=settings.MEDIA_ACCEL_PREFIX,
    )


def preparing(request, kit):
    """202: the kit of this content is not built yet; the worker is asked to."""
    from .tasks import refresh_press_kits

    if cache.add(f"presskit-queued:{kit.subject}", True, QUEUE_THROTTLE_SECONDS):
        refresh_press_kits.enqueue([kit.subject])
    response = TemplateResponse(
        request, "presskits/preparing.html", {"kit": kit}, status=202
    )
    response["Retry-After"] = "30"
    patch_cache_control(response, no_store=True)
    return response


def kits_block(subject, languages):
    """For a page's download block: the newest kit per language, in one query."""
    newest = {}
    rows = PressKit.objects.filter(
        subject=subject, public=True, valid_from__lte=timezone.now()
    )
    for row in rows.order_by("built_at"):
        newest[row.language] = row
    return [(code, newest.get(code)) for code in [*languages, ALL]]
