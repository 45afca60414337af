"""Alembic environment: the URL comes from the runner's config, the models from our packages."""

from __future__ import annotations

from alembic import context

import tipline.models  # noqa: F401  (registers every table on Base.metadata)
from tipline.db import Base, make_engine

config = context.config
url = config.get_main_option("sqlalchemy.url") or ""

if context.is_offline_mode():
    context.configure(url=url, target_metadata=Base.metadata, literal_binds=True, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()
else:
    engine = make_engine(url)
    # A migration that fails must not leave a pooled connection behind (pytest reports it as unraisable).
    try:
        with engine.connect() as connection:
            # Batch mode: SQLite cannot ALTER most things in place.
            context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
            with context.begin_transaction():
                context.run_migrations()
    finally:
        engine.dispose()
