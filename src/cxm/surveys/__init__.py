"""Survey kinds, scales and how an answer is read."""
