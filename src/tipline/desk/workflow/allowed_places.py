"""Where an attribution may say a source is: countries and large regions, built in or allowed by
the newsroom (desk.toml's allowed_places), each a place in every script, not one spelling."""

from __future__ import annotations

from collections.abc import Iterable

from tipline.desk.workflow.gazetteer import place_by_name, same_place_names

# Countries and regions: an attribution may name these and nothing narrower (extend in desk.toml).
ALLOWED_PLACES = frozenset(
    {
        "russia",
        "north korea",
        "south korea",
        "korea",
        "china",
        "mongolia",
        "japan",
        "siberia",
        "the russian far east",
        "russian far east",
        "the far east",
        "northeast asia",
        "asia",
        "europe",
        "the middle east",
        "middle east",
        "россия",
        "россии",
        "северной корее",
        "северная корея",
        "китае",
        "китай",
        "сибири",
        "сибирь",
        "러시아",
        "북한",
        "북",
        "중국",
        "한국",
        "시베리아",
        "극동",
        "몽골",
    }
)


def is_allowed_place(name: str, extra_places: Iterable[str] = ()) -> bool:
    """May an attribution name this place? Countries and regions only (built in, or allowed_places)."""
    key = name.strip().lower()
    place = place_by_name().get(key)
    allowed = set().union(*(same_place_names(p) for p in extra_places))
    return key in ALLOWED_PLACES or key in allowed or (place is not None and place.region)
