"""Invitations: who is asked which survey, through which channel, and what happened."""
