"""The printable guide for sources: how to reach the tip line past the censors (docs/guide-design.md).

Text in content.py (source gettext domain); HTML (html.py), PDF (pdf.py, fpdf2 with embedded
Noto Sans CJK), QR code (qr.py, segno). The onion address (address.py) is its only variable.
"""

from tipline.errors import BadOnionAddress
from tipline.guide.address import normalise_onion_address, onion_address_for
from tipline.guide.build import LANGUAGES, write_guide

__all__ = ["LANGUAGES", "BadOnionAddress", "normalise_onion_address", "onion_address_for", "write_guide"]
