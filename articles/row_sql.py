"""Two small subqueries of the public pages' main queries, written as SQL.

Built with the ORM (a queryset filtered, annotated, sliced, then resolved
into the outer query), each costs a public page a thousand and more Python
calls before any SQL is sent, on every request, which is more than the rest of
its main query; written here they cost a few dozen. They read nothing a
queryset would not: table and column names come from the models, the
values are parameters, the outer row comes in as an ordinary expression.
Both work on SQLite and PostgreSQL, the two databases the project runs on.
The subquery's table goes by an alias of its own, ``pressroom_row``, which
no query of Django's uses, so it never hides a table of the outer query.
"""

from django.db import models
from django.db.models import F, Func, JSONField, Value

ALIAS = "pressroom_row"


def _column(connection, model, name):
    """``name``'s column in the subquery's table, quoted."""
    column = model._meta.get_field(name).column
    return f"{ALIAS}.{connection.ops.quote_name(column)}"


def _table(connection, model):
    return f"{connection.ops.quote_name(model._meta.db_table)} {ALIAS}"


class RowAsJSON(Func):
    """The one row of ``model`` whose ``key_name`` field equals ``key``, as a
    JSON object of the ``names`` fields (None without such a row), like
    ``Subquery(model.objects.filter(...).values(JSONObject(...))[:1])``."""

    output_field = JSONField()

    def __init__(self, model, key_name, key, names):
        super().__init__(Value(key))
        self.row_model, self.key_name, self.names = model, key_name, names

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
