"""Customers: their record and their history."""
