"""Where the page cache keeps its versions when there is no Redis."""

from django.db import models


class PageVersion(models.Model):
    """One row per dependency ("release:12", "catalog") and one for the clock.

    Without Redis every process has its own memory cache, so the versions
    that say whether a stored page is still true must live where every
    process (server workers, the kit worker, a command) sees them: here.
    """

    name = models.CharField(max_length=60, primary_key=True)
    value = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = "page cache version"
        default_permissions = ()

    def __str__(self):
        return f"{self.name}={self.value}"
