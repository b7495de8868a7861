"""Importing customers, tickets, survey responses, revenue and spend from CSV / JSON Lines."""
