"""cxm: customer-satisfaction and customer-service metrics for support teams."""

__version__ = "0.1.0"
