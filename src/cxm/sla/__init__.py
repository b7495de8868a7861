"""Service-level agreements: targets for first response and resolution, measured on
business-hours calendars, per ticket (docs/sla.md).

`calendars` and `evaluation` are pure (no database); `policies` chooses a ticket's policy;
`service` stores policies, ticket events and the policy each ticket keeps, and answers what
is at risk or breached now; `report` computes the share of targets met.
"""
