"""Whether a logo file is an image a workbook can carry: a whole PNG or JPEG.

xlsxwriter reads only an image's header, and stops with its own exceptions
(``UnsupportedImageFormat``, ``struct.error``) on text named ``.png`` or a file cut short
in its header; a file cut short later goes into the workbook and shows as a broken
picture. The spec check and the builder both ask :func:`logo_problem` first.
"""

from __future__ import annotations

import io

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
PNG_END = b"IEND\xaeB`\x82"
JPEG_START = b"\xff\xd8\xff"
JPEG_END = b"\xff\xd9"
#: Bytes after an image's end marker that cameras and editors leave (padding, metadata).
TRAILING = 4096


def logo_problem(data: bytes) -> str | None:
    """What is wrong with ``data`` as a logo, in words, or None for a whole PNG or JPEG."""
    if data.startswith(PNG_SIGNATURE):
        kind, end = "PNG", PNG_END
    elif data.startswith(JPEG_START):
        kind, end = "JPEG", JPEG_END
    else:
        return "is not a PNG or JPEG image"
    if end not in data[-TRAILING:]:
        return f"is a {kind} image cut short (its end is missing)"
    from xlsxwriter.image import Image

    try:
        image = Image(io.BytesIO(data))
    except Exception:  # xlsxwriter's own errors, struct.error and the like
        return f"is a {kind} image that cannot be read (its header is damaged)"
    if not image.width or not image.height:
        return f"is a {kind} image without a size"
    return None


LOGO_FIX = "export the logo again as PNG (or JPEG) from the original artwork"
