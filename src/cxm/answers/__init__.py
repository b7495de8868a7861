"""Answers given on cxm's own survey pages and widget, stored as survey responses."""
