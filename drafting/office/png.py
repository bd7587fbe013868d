"""Binary PPM (P6, as pdftoppm writes it) to PNG, with the standard library only.

pdftoppm's own PNG output spends ~0.2 s a page in zlib at its default level (0.27 s
for ``-png`` against 0.05 s for PPM, a 100 dpi page of the sample draft); a page of
text compresses about as well at level 1 here in ~20 ms.
"""

from __future__ import annotations

import re
import struct
import zlib

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_PPM_HEADER = re.compile(rb"P6\s+(\d+)\s+(\d+)\s+(\d+)\s")


def ppm_to_png(ppm: bytes, level: int = 1) -> bytes:
    """An 8-bit RGB PNG of a binary PPM image (maxval 255)."""
    header = _PPM_HEADER.match(ppm)
    if header is None:
        raise ValueError("not a binary PPM (P6) image")
    width, height, maxval = (int(value) for value in header.groups())
    if maxval != 255:
        raise ValueError(f"only 8-bit PPM is supported, not maxval {maxval}")
    stride = width * 3
    pixels = memoryview(ppm)[header.end() :]
    if len(pixels) < stride * height:
        raise ValueError("PPM image is truncated")
    # Each PNG row starts with its filter type; 0 (none) is cheap and fine for text pages.
    rows = b"".join(b"\x00" + pixels[row * stride : (row + 1) * stride] for row in range(height))
    image_header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)  # 8-bit truecolour
    return PNG_SIGNATURE + _chunk(b"IHDR", image_header) + _chunk(b"IDAT", zlib.compress(rows, level)) + _chunk(b"IEND", b"")


def _chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
