"""An S3 store's LastModified bounded like a file's ctime (threat T1).

No S3 call sets LastModified: it is the second an object was written, which would date a source's
submission to the second. What can be done is to write the object again: a server-side copy onto
itself sets LastModified to the copy's time. The restamp job does that to every object that is new
since its last run, so that each object shows only the run after which it appeared: the precision
of `restamp_interval_minutes`, as for ctime on a local disk.
"""

from __future__ import annotations

import datetime
import time

from tipline.storage.s3 import S3BlobStore
from tipline.storage.timestamps import RestampRun

# A process's first run rewrites the objects of the last day only: older ones were rewritten by
# the runs of earlier processes (the job runs whenever the server does, and only the server writes).
FIRST_RUN_WINDOW = datetime.timedelta(days=1)


class S3Restamper:
    def __init__(self, store: S3BlobStore) -> None:
        self._store = store
        self._left: dict[str, datetime.datetime] | None = None

    def run(self) -> RestampRun:
        started = time.time()
        since = datetime.datetime.fromtimestamp(started, datetime.UTC) - FIRST_RUN_WINDOW
        left: dict[str, datetime.datetime] = {}
        stamped = seen = 0
        for object_key, modified in list(self._store.objects()):
            seen += 1
            if self._left is None and modified < since:
                left[object_key] = modified
                continue
            if self._left is not None and self._left.get(object_key) == modified:
                left[object_key] = modified  # as this job left it: nothing new
                continue
            rewritten = self._store.rewrite_in_place(object_key)
            if rewritten is not None:
                left[object_key] = rewritten
                stamped += 1
        self._left = left
        return RestampRun(stamped, seen, started, time.time() - started)
