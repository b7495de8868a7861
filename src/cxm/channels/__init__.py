"""Channels that carry survey invitations: e-mail, SMS (links and the widget need none)."""
