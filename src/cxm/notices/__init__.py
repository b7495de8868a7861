"""Notices to customers about planned maintenance and incidents, and the public status page."""
