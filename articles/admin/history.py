"""A release's History page: revisions and log entries, compare and restore."""


class HistoryViews:
    def custom_views(self):
        return [*super().custom_views()]
