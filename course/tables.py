"""pandas tables sized for a slide: readable from the back of the room."""

import hashlib


def table(frame, size: int = 21, index: bool = False, precision: int = 2):
    """A Styler of `frame` with a large font; the index is hidden unless asked for."""
    props = f"font-size: {size}px; padding: 5px 14px; text-align: left; vertical-align: top"
    styler = frame.style.set_table_styles([{"selector": "th, td", "props": props}]).format(precision=precision)
    # CSS ids from the content, not random: the same table gives the same HTML on every build
    styler.set_uuid(hashlib.sha1(f"{props}{precision}{index}{frame.to_csv()}".encode()).hexdigest()[:6])
    return styler if index else styler.hide(axis="index")
