"""Faces and stars for rating scales, drawn as inline SVG: no emoji font needed on the
device (many phones and desktops lack one, and show boxes instead)."""

from __future__ import annotations

from markupsafe import Markup

# very unhappy .. very happy
COLOURS = ("#d1242f", "#e16f24", "#bf8700", "#4c9a2a", "#1a7f37")


def face(mood: int, moods: int = 5) -> Markup:
    """A face for mood 0 (worst) .. moods - 1 (best)."""
    level = mood / (moods - 1) if moods > 1 else 1.0  # 0..1
    colour = COLOURS[round(level * (len(COLOURS) - 1))]
    bend = round(-8 + 16 * level, 1)  # mouth curve: frown (<0) to smile (>0)
    return Markup(
        '<svg viewBox="0 0 40 40" width="36" height="36" aria-hidden="true" focusable="false">'
        f'<circle cx="20" cy="20" r="18" fill="none" stroke="{colour}" stroke-width="3"/>'
        f'<circle cx="14" cy="16" r="2.5" fill="{colour}"/>'
        f'<circle cx="26" cy="16" r="2.5" fill="{colour}"/>'
        f'<path d="M12 27 Q20 {27 + bend} 28 27" fill="none" stroke="{colour}" '
        'stroke-width="3" stroke-linecap="round"/></svg>'
    )


def star(filled: bool = True) -> Markup:
    fill = "#bf8700" if filled else "none"
    return Markup(
        '<svg viewBox="0 0 24 24" width="26" height="26" aria-hidden="true" focusable="false">'
        f'<path d="M12 2l3 6.6 7.2.7-5.4 4.8 1.6 7.1L12 17.6 5.6 21.2l1.6-7.1L1.8 9.3 9 8.6z" '
        f'fill="{fill}" stroke="#bf8700" stroke-width="1.5" stroke-linejoin="round"/></svg>'
    )


def thumb(up: bool) -> Markup:
    colour = "#1a7f37" if up else "#d1242f"
    turn = "" if up else ' transform="rotate(180 12 12)"'
    return Markup(
        '<svg viewBox="0 0 24 24" width="30" height="30" aria-hidden="true" focusable="false">'
        f'<g{turn}><path d="M7 11v9H3v-9zM7 11l4-8c1.7 0 2.5 1 2.3 2.6L12.8 9H19c1.2 0 2 1 '
        f'1.8 2.2l-1.3 7.2c-.2 1-1 1.6-2 1.6H7" fill="none" stroke="{colour}" '
        'stroke-width="2" stroke-linejoin="round"/></g></svg>'
    )
