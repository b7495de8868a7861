"""Signing, hashing and the checks around them."""
