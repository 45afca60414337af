"""Names only a source's circle uses: a brand in quotation marks ('금강' 상표) and what a source says its
people call something ('물건너기'라고 부릅니다, we call it "the night bell"). However ordinary their words,
they name one thing, and the draft that prints them points at whoever told it.
"""

from __future__ import annotations

import re

from tipline.desk.workflow.normalise import SKELETON_MIN, hangul_skeleton, latin_skeleton, southern
from tipline.desk.workflow.text import HANGUL

# A brand or trade name in quotation marks: '금강' 상표, the "Kumgang" brand. However ordinary the word (금강 is
# also a river and "diamond"), so marked it names one product.
BRAND = re.compile(
    r"['‘\"“「](?P<name>[^'’\"”」\n]{1,20})['’\"”」]\s?(?:상표|브랜드|상호|표|brand|label|trademark)",
    re.IGNORECASE,
)
# What a source says its people call something: '물건너기'라고 부릅니다, we call it "the night bell". A name
# only its circle uses, however ordinary its words: exposure.py looks for it in a draft as written.
COINED = (
    re.compile(
        r"['‘\"“「](?P<name>[^'’\"”」\n]{1,30})['’\"”」]\s?(?:이?라고\s?(?:부르|부릅|부른|불러|불리|합|한다|했)|이?라는)"
    ),
    re.compile(
        # The words between may name whom they call so: "call our team leader Choe Yong-nam 'the Toad'".
        r"\b(?:call|calls|called|calling|dub|dubbed|nickname|nicknamed|known\s+as)\s+(?:[\w'’-]+\s+){0,6}?"
        r"['‘\"“](?P<name>[^'’\"”\n]{1,30})['’\"”]",
        re.IGNORECASE,
    ),
)


def term_keys(term: str) -> list[str]:
    """The keys of a coined term: as written, and romanised (물건너기 = mulgeonneogi)."""
    term = term.strip()
    if HANGUL.search(term):
        skeleton = hangul_skeleton(term.replace(" ", ""))
        return [f"k:{southern(term)}", f"r:{skeleton}" if len(skeleton) >= SKELETON_MIN else ""]
    skeleton = latin_skeleton(term.replace(" ", ""))
    return [f"w:{term.lower()}", f"r:{skeleton}" if len(skeleton) >= SKELETON_MIN else ""]
