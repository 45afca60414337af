"""What each web interface is handed: a narrow view of the composition root (tipline.services).

`Services` has everything (the engine, the blob store, every service); an app factory gets only
the part its interface needs, so a view cannot reach around the doors:

- `SourcePortal`, the source interface: its own account, sending, its replies, the questions.
  No journalist, no case, no audit log, no newsroom action, no admin operation.
- `NewsroomDesk`, the journalist interface (web and API v1): `NewsroomService` and the
  services for signing in and the team. No blob store, no database session, no
  `SubmissionService`: sources' material is reached through `NewsroomService` only.

`Services` satisfies both structurally; `tests/test_imports.py` keeps `tipline.web` from
importing `tipline.services`.
"""

from __future__ import annotations

from typing import Protocol

from tipline.cases.service import CaseService
from tipline.config import Settings
from tipline.journalists.security_keys import SecurityKeyService
from tipline.journalists.service import JournalistService
from tipline.keyring import KeyRing
from tipline.newsroom.questionnaires import QuestionnaireAdmin
from tipline.newsroom.security_keys import SecurityKeyManagement
from tipline.newsroom.service import NewsroomService
from tipline.questionnaires.service import QuestionnaireService
from tipline.sources.service import SourceService
from tipline.state import SharedState
from tipline.submissions.service import SubmissionService


class Portal(Protocol):
    """What every interface has: the settings and the shared state (web sessions)."""

    @property
    def settings(self) -> Settings: ...

    @property
    def state(self) -> SharedState: ...


class SourcePortal(Portal, Protocol):
    @property
    def sources(self) -> SourceService: ...

    @property
    def submissions(self) -> SubmissionService: ...

    @property
    def questionnaires(self) -> QuestionnaireService: ...


class NewsroomDesk(Portal, Protocol):
    @property
    def newsroom(self) -> NewsroomService: ...

    @property
    def journalists(self) -> JournalistService: ...

    @property
    def cases(self) -> CaseService: ...

    @property
    def security_keys(self) -> SecurityKeyService: ...

    @property
    def key_management(self) -> SecurityKeyManagement: ...

    @property
    def questionnaires(self) -> QuestionnaireService: ...

    @property
    def questionnaire_admin(self) -> QuestionnaireAdmin: ...

    @property
    def keyring(self) -> KeyRing: ...
