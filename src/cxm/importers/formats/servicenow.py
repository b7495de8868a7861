"""ServiceNow incident event logs: one row per update of an incident, folded into tickets.

The export (e.g. the "Incident management process enriched event log") writes `?` for a
missing value and local times as `dd-mm-yyyy HH:MM`. Each incident becomes one ticket:

- ticket_id, customer_id, category, team: `number`, `caller_id`, `category`,
  `assignment_group`; created_at: `opened_at`; resolved_at: `resolved_at` (last update);
- status, channel, priority: the last update's `incident_state`, `contact_type` and
  `priority` ('1 - Critical' -> critical), lower-cased;
- first_response_at: the first update, at or after the opening, that moved the incident out
  of the New state - the log has no reply events, so this is when an agent first acted on it;
- agent: who the incident was last assigned to, else who resolved it;
- agents_involved: 1 + the number of reassignments;
- attributes: reopen_count, made_sla, impact, urgency, location, subcategory.

Row numbers in messages are those of the incident's last update in the file.
"""

from __future__ import annotations

import duckdb

from cxm.importers.sources import RAW_TABLE, ROW, SourceError

DATE_FORMAT = "%d-%m-%Y %H:%M"
NEEDED = ("number", "incident_state", "sys_mod_count", "sys_updated_at", "opened_at")


def _v(column: str) -> str:
    """A value of the log, NULL for its '?' placeholder."""
    return f"nullif(nullif(trim({column}), '?'), '')"


def fold(con: duckdb.DuckDBPyConnection, events: str, columns: tuple[str, ...]) -> list[str]:
    """Replace `raw` with one canonical ticket row per incident; returns its columns."""
    missing = [c for c in NEEDED if c not in columns]
    if missing:
        raise SourceError(
            f"not a ServiceNow incident event log: column(s) {', '.join(missing)} missing"
        )

    def last(column: str) -> str:
        if column not in columns:
            return "NULL"
        return f"arg_max({_v(column)}, try_cast(sys_mod_count AS BIGINT))"

    state = _v("incident_state")
    label = "regexp_replace(lower({}), '^[0-9]+ - ', '')"
    con.execute(
        f"""
        CREATE OR REPLACE TABLE {RAW_TABLE} AS
        SELECT
            arg_max({ROW}, try_cast(sys_mod_count AS BIGINT)) AS {ROW},
            {_v("number")} AS ticket_id,
            {last("caller_id")} AS customer_id,
            replace(lower({last("contact_type")}), ' ', '_') AS channel,
            {last("category")} AS category,
            {label.format(last("priority"))} AS priority,
            lower({last("incident_state")}) AS status,
            {last("opened_at")} AS created_at,
            {_first_action(state)} AS first_response_at,
            {last("resolved_at")} AS resolved_at,
            coalesce({last("assigned_to")}, {last("resolved_by")}) AS agent,
            {last("assignment_group")} AS team,
            CAST(coalesce(max(try_cast({_v("reassignment_count")} AS BIGINT)), 0) + 1
                 AS VARCHAR) AS agents_involved,
            CAST(max(try_cast({_v("reopen_count")} AS BIGINT)) AS VARCHAR) AS reopen_count,
            {last("made_sla")} AS made_sla,
            {label.format(last("impact"))} AS impact,
            {label.format(last("urgency"))} AS urgency,
            {last("location")} AS location,
            {last("subcategory")} AS subcategory
        FROM {events}
        WHERE {_v("number")} IS NOT NULL
        GROUP BY {_v("number")}
        ORDER BY {ROW}
        """
    )
    return [
        "ticket_id", "customer_id", "channel", "category", "priority", "status", "created_at",
        "first_response_at", "resolved_at", "agent", "team", "agents_involved",
        "reopen_count", "made_sla", "impact", "urgency", "location", "subcategory",
    ]  # fmt: skip


def _first_action(state: str) -> str:
    # an update logged before the incident was opened (clock skew in some logs) is no reply
    updated = f"try_strptime({_v('sys_updated_at')}, '{DATE_FORMAT}')"
    opened = f"try_strptime({_v('opened_at')}, '{DATE_FORMAT}')"
    return (
        f"strftime(min({updated}) FILTER (WHERE {state} <> 'New' AND {updated} >= {opened}), "
        f"'{DATE_FORMAT}')"
    )
