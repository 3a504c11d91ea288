"""Subqueries of the public pages' main queries, written as SQL.

Built with the ORM (a queryset filtered, annotated, sliced, then resolved
into the outer query), a subquery costs a public page a thousand and more
Python calls before any SQL is sent, on every request, and a query of its
own for each relation costs as much again; written here they cost a few
dozen. They read nothing a queryset would not: table and column names come
from the models, the values are parameters, the outer row comes in as an
ordinary expression. They work on SQLite and PostgreSQL, the two databases
the project runs on. Their tables go by aliases of their own,
``pressroom_row`` and ``pressroom_link``, which no query of Django's uses,
so they never hide a table of the outer query.

* ``RowAsJSON``: one row (the press office) as a JSON object.
* ``ChildValues``: the values of one column of the rows pointing at the
  outer row (a release's published languages), joined by commas.
* ``RelatedRows``: the rows pointing at the outer row, and the rows they
  point at, as a JSON array of objects (a release's paragraphs and their
  speakers, people, gallery and press contacts); ``rows()`` and
  ``instances()`` make model instances of them.
"""

from django.db import models
from django.db.models import F, Func, JSONField, Value

ALIAS = "pressroom_row"
LINK = "pressroom_link"
# PostgreSQL passes a function at most 100 arguments: 50 keys and values.
MAX_KEYS = 50


def _check(names):
    if len(names) > MAX_KEYS:
        raise ValueError(f"A JSON object of at most {MAX_KEYS} keys, not {len(names)}.")
    return list(names)


def _column(connection, model, name, alias=ALIAS):
    """``name``'s column in the subquery's table ``alias``, quoted."""
    column = model._meta.get_field(name).column
    return f"{alias}.{connection.ops.quote_name(column)}"


def _table(connection, model):
    return f"{connection.ops.quote_name(model._meta.db_table)} {ALIAS}"


class RowAsJSON(Func):
    """The one row of ``model`` whose ``key_name`` field equals ``key``, as a
    JSON object of the ``names`` fields (None without such a row), like
    ``Subquery(model.objects.filter(...).values(JSONObject(...))[:1])``."""

    output_field = JSONField()

    def __init__(self, model, key_name, key, names):
        super().__init__(Value(key))
        self.row_model, self.key_name, self.names = model, key_name, _check(names)

    def as_sql(self, compiler, connection, function="JSON_OBJECT", **extra):
        model = self.row_model
        pairs = ", ".join(
            f"'{name}', {_column(connection, model, name)}" for name in self.names
        )
        template = (
            f"(SELECT {function}({pairs}) FROM {_table(connection, model)}"
            f" WHERE {_column(connection, model, self.key_name)}"
            " = %(expressions)s LIMIT 1)"
        )
        return super().as_sql(compiler, connection, template=template, **extra)

    def as_postgresql(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection, function="JSONB_BUILD_OBJECT", **extra)


class ChildValues(Func):
    """The values of the ``name`` field of the rows of ``model`` whose
    ``parent_name`` field points at the outer row, joined by commas in no
    particular order (NULL without any): ``GROUP_CONCAT`` on SQLite,
    ``STRING_AGG`` on PostgreSQL."""

    output_field = models.CharField()

    def __init__(self, model, parent_name, name):
        super().__init__(F("pk"))
        self.row_model, self.parent_name, self.name = model, parent_name, name

    def as_sql(self, compiler, connection, aggregate="GROUP_CONCAT({})", **extra):
        model = self.row_model
        values = aggregate.format(_column(connection, model, self.name))
        template = (
            f"(SELECT {values} FROM {_table(connection, model)}"
            f" WHERE {_column(connection, model, self.parent_name)}"
            " = %(expressions)s)"
        )
        return super().as_sql(compiler, connection, template=template, **extra)

    def as_postgresql(self, compiler, connection, **extra):
        return self.as_sql(
            compiler, connection, aggregate="STRING_AGG({}, ',')", **extra
        )


class RelatedRows(Func):
    """The rows pointing at the outer row, as a JSON array of objects: rows
    of ``link`` whose ``parent`` field is the outer row, each with the row of
    ``joined = (field, model, outer_join)`` it points at when given (a
    many-to-many relation's table and the related rows, a gallery's items
    and their images, paragraphs and their speakers).

    ``fields`` name what each object holds: ``link:<field>`` or
    ``row:<field>`` (the attribute names of the fields, ``speaker_id``). On
    PostgreSQL the array comes in ``order`` (same names); SQLite before 3.44
    has no order in its aggregates, and ``rows()`` sorts its arrays instead.
    """

    output_field = JSONField()

    def __init__(self, link, parent, fields, joined=None, order=()):
        super().__init__(F("pk"))
        self.link, self.parent, self.joined = link, parent, joined
        self.names, self.order = _check(fields), list(order)

    def column(self, connection, name):
        side, field = name.split(":")
        if side == "link":
            return _column(connection, self.link, field, LINK)
        return _column(connection, self.joined[1], field)

    def as_sql(self, compiler, connection, aggregate="JSON_GROUP_ARRAY", **extra):
        quote = connection.ops.quote_name
        pairs = ", ".join(
            f"'{name}', {self.column(connection, name)}" for name in self.names
        )
        build = "JSONB_BUILD_OBJECT" if aggregate == "JSONB_AGG" else "JSON_OBJECT"
        order = ""
        if aggregate == "JSONB_AGG" and self.order:
            order = " ORDER BY " + ", ".join(
                self.column(connection, name) for name in self.order
            )
        tables = f"{quote(self.link._meta.db_table)} {LINK}"
        if self.joined is not None:
            field, model, outer = self.joined
            join = "LEFT OUTER JOIN" if outer else "INNER JOIN"
            tables += (
                f" {join} {_table(connection, model)}"
                f" ON {ALIAS}.{quote(model._meta.pk.column)}"
                f" = {_column(connection, self.link, field, LINK)}"
            )
        parent = _column(connection, self.link, self.parent, LINK)
        template = (
            f"(SELECT {aggregate}({build}({pairs}){order}) FROM {tables}"
            f" WHERE {parent} = %(expressions)s)"
        )
        return super().as_sql(compiler, connection, template=template, **extra)

    def as_postgresql(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection, aggregate="JSONB_AGG", **extra)


def rows(objects, vendor, order=()):
    """A ``RelatedRows`` array as a list of dicts in its order (None: none)."""
    objects = list(objects or ())
    if vendor != "postgresql" and order:
        # SQLite compares text as bytes, which for UTF-8 is Python's order.
        objects.sort(key=lambda row: tuple(row[name] for name in order))
    return objects


def instances(model, objects, side, db):
    """Instances of ``model`` from the ``side`` ("link" or "row") of ``rows()``
    objects, as a queryset's ``only()`` would make them (the fields not read
    deferred); None for an object whose joined row is missing."""
    if not objects:
        return []
    keys = {name.split(":", 1)[1] for name in objects[0] if name.startswith(f"{side}:")}
    fields = [field for field in model._meta.concrete_fields if field.attname in keys]
    names = [field.attname for field in fields]
    pk = f"{side}:{model._meta.pk.attname}"
    made = []
    for row in objects:
        if row[pk] is None:
            made.append(None)
            continue
        values = [field.to_python(row[f"{side}:{field.attname}"]) for field in fields]
        made.append(model.from_db(db, names, values))
    return made
