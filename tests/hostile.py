"""Hostile inputs, built here (nothing downloaded): for the tests and the benchmark.

Parallel texts fill the importer's limits (2 MiB, 20,000 characters a line)
with what a backtracking parser chokes on; XLIFF files carry a DTD, entities
(billion laughs, an external file), XInclude, more units than any release has,
or nesting deeper than a parser allows.
"""

from articles.importers import MAX_BYTES, MAX_PARAGRAPH, MAX_UNITS

TITLE = "Steppe Light wins the grand prize at the autumn festival"
# A short paragraph in each language, long enough to be identified.
SHORT = (
    "The director thanked the shepherds of the steppe",
    "Режиссёр поблагодарил пастухов степи",
    "Режиссер дала малшыларына алғыс айтты",
    "El director agradeció a los pastores de la estepa",
)
QUOTES = (
    "“Every shepherd in this film taught us patience,” said Nurlan Seitkazy.",
    "«Каждый пастух в этом фильме научил нас терпению», — сказал Нурлан Сейтказы.",
    "«Бұл фильмдегі әрбір малшы бізге сабырлылықты үйретті» — деді Нұрлан Сейтқазы.",
    "«Cada pastor de esta película nos enseñó paciencia», dijo Nurlan Seitkazy.",
)


def filled(line, title=TITLE, size=MAX_BYTES):
    """A title, then ``line`` (one paragraph) as many times as 2 MiB holds."""
    line = line[:MAX_PARAGRAPH]
    unit = len(line.encode()) + 1
    count = (size - len(title.encode()) - 1) // unit
    return "\n".join([title] + [line] * count).encode()


def cycled(texts, numbered=False, size=MAX_BYTES, units=MAX_UNITS):
    """Units of ``texts`` (one per language), as many as the limits allow."""
    out, total = [TITLE], len(TITLE.encode())
    for number in range(units):
        unit = [f"{text} {number}." if numbered else text for text in texts]
        total += sum(len(text.encode()) + 1 for text in unit)
        if total > size:
            break
        out += unit
    return "\n".join(out).encode()


N = MAX_PARAGRAPH - 1

# The worst parallel texts, each within the limits: name -> a builder of bytes.
PARALLEL_TEXTS = {
    # The file, 2 MiB of it: a title and lines of quotation marks only.
    "quotes": lambda: filled('"' * N),
    "curly quotes": lambda: filled("“" * N),
    "backslashes": lambda: filled("\\" * N),
    "closing quotes then said": lambda: filled('"' * (N - 12) + " said Nurlan"),
    "quote, spaces, name": lambda: filled('"a"' + " " * (N - 5) + "x"),
    "quote, spaces, quote": lambda: filled('"' + " " * (N - 3) + '"x'),
    "quote and space pairs": lambda: filled('"' + '" ' * (N // 2)),
    "quotes and dashes": lambda: filled("“" + "”, — " * (N // 5) + "said"),
    "spaces then said": lambda: filled("“a”" + " " * (N - 20) + "x said"),
    "colons before a quote": lambda: filled("ab" + ": " * (N // 2 - 2) + "“x”"),
    "lead-ins": lambda: filled(("Nurlan said: " * 15) + "“" + "q" * (N - 200) + "”"),
    "brackets": lambda: filled(">{" + "a" * (N - 2)),
    "square brackets": lambda: filled("[" * (N // 2) + "]" * (N // 2)),
    "dashes": lambda: filled("—-–" * (N // 3)),
    "spaces": lambda: filled("a" + " " * (N - 2) + "a"),
    "one long word": lambda: filled("a" * N),
    "one long cyrillic word": lambda: filled("ж" * (N // 2)),
    "attributed quotes": lambda: cycled(QUOTES),
    "many short lines": lambda: cycled(SHORT, numbered=True),
    "too many lines": lambda: filled("a"),
}


# XLIFF


def with_doctype(data, subset):
    """``data`` with a DOCTYPE (and an internal subset) after the declaration."""
    head, _, rest = data.partition(b"?>")
    return head + b"?>\n<!DOCTYPE xliff [" + subset + b"]>" + rest


def billion_laughs(data):
    entities = [b'<!ENTITY lol0 "lol">']
    for level in range(1, 10):
        entities.append(
            b'<!ENTITY lol%d "%s">' % (level, b"".join([b"&lol%d;" % (level - 1)] * 10))
        )
    return with_doctype(data, b"\n".join(entities)).replace(
        b"</target>", b"&lol9;</target>", 1
    )


def external_entity(data):
    subset = b'<!ENTITY secret SYSTEM "file:///etc/passwd">'
    return with_doctype(data, subset).replace(b"</target>", b"&secret;</target>", 1)


def xinclude(data):
    include = (
        b'<xi:include xmlns:xi="http://www.w3.org/2001/XInclude" '
        b'href="file:///etc/passwd" parse="text"/>'
    )
    return data.replace(b"</target>", include + b"</target>", 1)


def many_units(data, count):
    """``data`` with ``count`` more (small) trans-units, ids no release has."""
    units = b"".join(
        b'<trans-unit id="paragraph-%d"><source>a</source></trans-unit>'
        % (10_000_000 + number)
        for number in range(count)
    )
    return data.replace(b"</body>", units + b"</body>", 1)


def deep(data, depth=100_000):
    """A target nested deeper than any parser should follow."""
    g = b'<g id="1">'
    return data.replace(
        b"</target>", g * depth + b"x" + b"</g>" * depth + b"</target>", 1
    )


# Hostile versions of an export: name -> a function of the export's bytes.
XLIFF_FILES = {
    "billion laughs": billion_laughs,
    "external entity": external_entity,
    "doctype only": lambda data: with_doctype(data, b""),
    "external dtd": lambda data: data.replace(
        b"?>", b'?>\n<!DOCTYPE xliff SYSTEM "http://example.invalid/x.dtd">', 1
    ),
    "parameter entity": lambda data: with_doctype(
        data, b'<!ENTITY % remote SYSTEM "http://example.invalid/x.dtd"> %remote;'
    ),
    "xinclude": xinclude,
    "utf-16 doctype": lambda data: (
        with_doctype(data, b'<!ENTITY e "x">')
        .decode()
        .replace('encoding="UTF-8"', 'encoding="UTF-16"')
        .encode("utf-16")
    ),
    "140,000 units": lambda data: many_units(data, 140_000),
    "deep nesting": deep,
}
