"""pandas tables sized for a slide: readable from the back of the room."""


def table(frame, size: int = 21, index: bool = False, precision: int = 2):
    """A Styler of `frame` with a large font; the index is hidden unless asked for."""
    props = f"font-size: {size}px; padding: 5px 14px; text-align: left; vertical-align: top"
    styler = frame.style.set_table_styles([{"selector": "th, td", "props": props}]).format(precision=precision)
    return styler if index else styler.hide(axis="index")
