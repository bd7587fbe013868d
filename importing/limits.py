"""How large an uploaded .docx may be, before and after inflating.

Measured: the product's own draft (reference 【一】, `python bot.py demo`) is 15 KB and
inflates to 66 KB; an empty document saved by python-docx (Word's full style sheets) is
37 KB and inflates to 826 KB, its largest part 32 times its packed size. A summary with a
few photos stays under a few MB. The limits sit well above that, so no real summary
meets them, and far below what would hurt the bot (memory, the time of a clerk's turn).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class UploadLimits:
    file_bytes: int = 5 * 1024 * 1024  # the file as sent
    inflated_bytes: int = 50 * 1024 * 1024  # all its parts inflated together
    entries: int = 2000  # parts in the zip
    # A part that inflates more than this many times its packed size is a zip bomb;
    # checked only for parts over ``ratio_from_bytes`` (tiny XML parts pack very well).
    ratio: int = 100
    ratio_from_bytes: int = 1024 * 1024


LIMITS = UploadLimits()
