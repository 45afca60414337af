"""Move a case between desks: one age-encrypted JSON file, to the newsroom and named journalists.

The file carries the case, its claims, their evidence (submission references and quotes), the
case's sources and the relations between them; not the submissions themselves, which each desk
fetches from the server with its own keys.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from tipline.crypto.age import DecryptionError, decrypt_bytes, encrypt_bytes
from tipline.crypto.padding import pad_small, unpad
from tipline.desk.errors import ExportError
from tipline.desk.workflow.cases import Case, CaseSource, CaseStore, SourceRelation

FORMAT = "tipline-case/1"


def case_to_dict(case: Case, relations: Sequence[SourceRelation]) -> dict[str, Any]:
    designations = set(case.designations())
    return {
        "format": FORMAT,
        "title": case.title,
        "sources": [{"designation": s.designation, "region": s.region, "region_ko": s.region_ko} for s in case.sources],
        "claims": [
            {
                "text": claim.text,
                "evidence": [
                    {
                        "submission": e.submission,
                        "designation": e.designation,
                        "kind": e.kind,
                        "quote": e.quote,
                        "independent_reason": e.independent_reason,
                    }
                    for e in claim.evidence
                ],
            }
            for claim in case.claims
        ],
        "relations": [
            {"first": r.first, "second": r.second, "reason": r.reason}
            for r in relations
            if r.first in designations and r.second in designations
        ],
    }


def export_case(case: Case, relations: Sequence[SourceRelation], recipients: Sequence[str], out: Path) -> None:
    payload = json.dumps(case_to_dict(case, relations), ensure_ascii=False).encode("utf-8")
    # Padded like a message (docs/padding-design.md): the file's size says little of the case's.
    ciphertext = encrypt_bytes(pad_small(payload), recipients)
    # Created 0600 from the start: never a moment with wider permissions.
    descriptor = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "wb") as file:
        file.write(ciphertext)


def read_export(path: Path, identities: Sequence[str]) -> dict[str, Any]:
    try:
        data: dict[str, Any] = json.loads(unpad(decrypt_bytes(path.read_bytes(), identities)))
    except (DecryptionError, OSError, ValueError) as error:  # ValueError: padding, UTF-8 or JSON
        raise ExportError(f"cannot decrypt {path} with the identity given: {error}") from None
    if data.get("format") != FORMAT:
        raise ExportError(f"{path} is not a Tipline case export")
    return data


def import_case(store: CaseStore, session: Session, data: dict[str, Any]) -> Case:
    """A new case on this desk (new ids); source relations merge with the desk's own."""
    case = store.add_case(session, str(data["title"]))
    for source in data.get("sources", []):
        case.sources.append(
            CaseSource(
                designation=str(source["designation"]),
                region=str(source.get("region", "")),
                region_ko=str(source.get("region_ko", "")),
            )
        )
    for item in data.get("claims", []):
        claim = store.add_claim(session, case, str(item["text"]))
        for e in item.get("evidence", []):
            store.link(
                claim,
                str(e["submission"]),
                str(e["designation"]),
                str(e["kind"]),
                e.get("quote"),
                independent_reason=e.get("independent_reason"),
            )
    for relation in data.get("relations", []):
        store.relate(session, str(relation["first"]), str(relation["second"]), str(relation["reason"]))
    session.flush()
    return case
