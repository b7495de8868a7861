"""Closing the loop: a follow-up task for every unhappy answer, worked until it is resolved."""
