"""Datelines: the day a source spoke, not the day something happened.

소식통은 14일 데일리NK에 전했다 and "a source told Daily NK on March 20" date the telling, which identifies
no one; 보위원이 지난 14일 위협했다 dates an event only a witness knows. details.py takes a dateline's day
(its digits are no number) but does not count it as identifying.
"""

from __future__ import annotations

import re

# A dateline: the day a speaker said it (소식통은 14일 데일리NK에 전했다, 조선중앙통신은 17일 보도했다), not
# the day something happened. The speaker is the word just before the day; a reporting verb ends the sentence.
KOREAN_SPEAKER = re.compile(
    r"(?:소식통|관계자|당국자|대변인|당국|정부|통신|신문|방송|주민|노동자|근로자|상인|탈북민|기자|[부처청원])"
    r"(?:은|는|이|가)$"
)
# "…, a source told Daily NK on March 20": the day the source spoke, as English datelines write it.
ENGLISH_DATELINE = re.compile(
    r"\b(?:said|says|told|tells|added|confirmed|reported)(?:\s+[A-Z][\w'’.]*){0,3}\s+(?:late\s+|early\s+)?on\s+$"
)
KOREAN_REPORTING = re.compile(r"전했|말했|밝혔|보도했|알려왔|전해왔|설명했|덧붙였|주장했|증언했|전한다|말한다")


def english_dateline(text: str, start: int) -> bool:
    return bool(ENGLISH_DATELINE.search(text, max(0, start - 60), start))


def dateline(text: str, match: re.Match[str]) -> bool:
    """Is this day the day a speaker spoke (a dateline), not the day of an event?"""
    if KOREAN_OUTLET_AFTER.match(text, match.end()):
        return True  # 3일 데일리NK와의 통화에서, 9일 RFA에: the day the source spoke to us
    if KOREAN_EVENT_DAY_AFTER.match(text, match.end()):
        return False  # 소식통은 지난 22일부터 단속이 …고 전했다: a day something began or ended is an event
    before = text[: match.start()].rstrip()
    # "소식통은 지난 3일 전했다" too, but only after a source: "보위원이 지난 14일 위협했다고" is an event.
    speaker = KOREAN_SPEAKER
    if before.endswith("지난"):
        before, speaker = before.removesuffix("지난").rstrip(), KOREAN_SOURCE_SPEAKER
    words = before.rsplit(None, 1)
    end = re.search(r"[.!?\n]", text[match.end() :])
    sentence = text[match.end() : match.end() + end.start() if end else len(text)]
    return bool(words) and bool(speaker.search(words[-1])) and bool(KOREAN_REPORTING.search(sentence))


KOREAN_EVENT_DAY_AFTER = re.compile(r"(?:부터|까지|이후|이래|께|경|쯤|무렵|에)")
KOREAN_SOURCE_SPEAKER = re.compile(r"(?:소식통|관계자|당국자|대변인)(?:은|는|이|가)$")


KOREAN_OUTLET_AFTER = re.compile(
    r"\s*(?:오전|오후|밤|저녁|새벽)?\s*(?:데일리NK|본지|본사|자유아시아방송|RFA|NK뉴스|NK News|연합뉴스|기자)"
    r"(?:와의|과의|와|과|에게|에|측에)?\s"
)
