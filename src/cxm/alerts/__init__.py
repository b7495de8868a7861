"""Alerts: rules on metrics, ticket volume and SLAs, evaluated by the worker and delivered by
e-mail and webhook, grouped, de-duplicated and outside quiet hours (except critical ones)."""
