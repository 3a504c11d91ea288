"""What a browser reported while a test ran (see test_browser.watch)."""


class Problems(list):
    """Console errors, script errors and dialogs; ``expect()`` names the
    answers a test provokes on purpose (a 429 from a locked login), which are
    not problems."""

    def __init__(self):
        super().__init__()
        self.expected = []

    def expect(self, text):
        self.expected.append(text)

    def unexpected(self):
        return [p for p in self if not any(text in p for text in self.expected)]
