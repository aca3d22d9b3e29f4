"""Set-based writes for the periodic sweeps: one ``INSERT … SELECT`` however many rows are due.

Django's ORM inserts rows it holds in Python; a sweep over tens of thousands of mentorships
would read every row into Python only to write it back. ``insert_select`` compiles a queryset
(whose annotations are the new rows' values) and inserts its result in the same statement,
skipping rows that would break a unique constraint. PostgreSQL and SQLite (3.35+) both run it.
"""

from django.db import connections
from django.db.models import CharField, Expression, Func, Model, QuerySet


def insert_select(model: type[Model], rows: QuerySet, values: dict[str, Expression]) -> list[int]:
    """Insert one ``model`` row per row of ``rows``, with ``values`` (field name → expression
    over ``rows``), skipping any that conflicts with a unique constraint (ON CONFLICT DO
    NOTHING). Returns the primary keys of the rows inserted. One query."""
    aliases = {name: f"insert_{name}" for name in values}
    select = (
        rows.order_by()
        .annotate(**{aliases[name]: expression for name, expression in values.items()})
        .values_list(*aliases.values())
    )
    connection = connections[select.db]
    quote = connection.ops.quote_name
    inner, params = select.query.sql_with_params()
    meta = model._meta
    columns = ", ".join(quote(meta.get_field(name).column) for name in values)
    picked = ", ".join(quote(alias) for alias in aliases.values())
    # "WHERE true": SQLite needs it to tell ON CONFLICT from a join's ON after a SELECT.
    # Only quoted names are formatted in; every value is a parameter.
    table, pk = quote(meta.db_table), quote(meta.pk.column)
    statement = (
        f"INSERT INTO {table} ({columns}) SELECT {picked} FROM ({inner}) AS due "  # noqa: S608
        f"WHERE true ON CONFLICT DO NOTHING RETURNING {pk}"
    )
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        return [row[0] for row in cursor.fetchall()]


class UTCMinute(Func):
    """A date-time as ``YYYYMMDDHHMM`` in UTC: the same text as ``f"{value:%Y%m%d%H%M}"`` of
    the aware value Django reads, for keys such as a reminder's occasion."""

    arity = 1
    output_field = CharField()

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(
            compiler,
            connection,
            template="to_char(%(expressions)s AT TIME ZONE 'UTC', 'YYYYMMDDHH24MI')",
            **extra_context,
        )

    def as_sqlite(self, compiler, connection, **extra_context):
        # Stored as UTC text, "YYYY-MM-DD HH:MM:SS[.ffffff]".
        return self.as_sql(
            compiler,
            connection,
            template=(
                "replace(replace(replace(substr(%(expressions)s, 1, 16), '-', ''), ' ', ''),"
                " ':', '')"
            ),
            **extra_context,
        )
