"""A claim's corroboration, computed from its evidence — never typed in.

Sources count as independent unless a journalist marked them related; related sources (directly
or through others) count as one. A document backs a claim as a document only when it is
independent of the testimony: sent by a source (group) that did not testify to the claim, or marked
independent by a journalist with a reason (``claim link --independent``). A source's own photo
does not corroborate that source's own words.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from tipline.desk.workflow.cases import DOCUMENT, Claim, SourceRelation
from tipline.desk.workflow.settings import CorroborationRule

CORROBORATED = "corroborated"
UNCORROBORATED = "uncorroborated"


@dataclass(frozen=True)
class Corroboration:
    sources: tuple[str, ...]  # every designation backing the claim
    groups: tuple[tuple[str, ...], ...]  # independent groups of related sources
    has_document: bool
    corroborated: bool

    @property
    def independent_sources(self) -> int:
        return len(self.groups)

    @property
    def status(self) -> str:
        return CORROBORATED if self.corroborated else UNCORROBORATED

    def describe(self) -> str:
        count = self.independent_sources
        text = f"{count} independent source{'s' if count != 1 else ''}"
        return text + (" + document" if self.has_document else "")

    def describe_ko(self) -> str:
        return f"독립된 소식통 {self.independent_sources}명" + (" + 문서" if self.has_document else "")


def independent_groups(designations: Iterable[str], relations: Iterable[SourceRelation]) -> list[tuple[str, ...]]:
    """Connected components of the "related" graph, restricted to ``designations``."""
    parent = {d: d for d in designations}

    def find(d: str) -> str:
        while parent[d] != d:
            parent[d] = parent[parent[d]]
            d = parent[d]
        return d

    for relation in relations:
        if relation.first in parent and relation.second in parent:
            parent[find(relation.first)] = find(relation.second)
    groups: dict[str, list[str]] = {}
    for d in parent:
        groups.setdefault(find(d), []).append(d)
    return sorted(tuple(sorted(g)) for g in groups.values())


def corroboration(claim: Claim, relations: Iterable[SourceRelation], rule: CorroborationRule) -> Corroboration:
    designations = sorted({e.designation for e in claim.evidence})
    groups = independent_groups(designations, relations)
    group_of = {d: group for group in groups for d in group}
    testifying = {group_of[e.designation] for e in claim.evidence if e.kind != DOCUMENT}
    has_document = any(
        e.kind == DOCUMENT and (e.independent_reason or group_of[e.designation] not in testifying)
        for e in claim.evidence
    )
    count = len(groups)
    corroborated = count >= rule.min_sources or (has_document and count >= rule.min_sources_with_document)
    return Corroboration(tuple(designations), tuple(groups), has_document, corroborated)
