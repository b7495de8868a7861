"""Outgoing webhooks: signed HTTP POSTs to subscribers when answers arrive or change."""

from cxm.webhooks.service import deliver_due, enqueue, verify_signature

__all__ = ["deliver_due", "enqueue", "verify_signature"]
