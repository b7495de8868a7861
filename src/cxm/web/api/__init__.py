"""The versioned REST API (docs/api.md)."""

from cxm.web.api.v1 import router

__all__ = ["router"]
