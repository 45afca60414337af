"""Build step of the wheel: compile the message catalogues (.po → .mo) into the build.

Everything else is declared in pyproject.toml. The .mo files are not in git (they are generated);
without them an installed `tipline serve` refuses to start. Fuzzy entries are left out, as
`python -m tipline.i18n.catalogues compile` does for an editable install.
"""

from __future__ import annotations

from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py


class BuildPyWithCatalogues(build_py):
    def run(self) -> None:
        super().run()
        # babel is a build requirement (pyproject.toml [build-system]); imported here so that
        # reading the metadata alone does not need it.
        from babel.messages.mofile import write_mo
        from babel.messages.pofile import read_po

        translations = Path(self.build_lib) / "tipline" / "translations"
        for po in sorted(translations.glob("*/LC_MESSAGES/*.po")):
            locale = po.parent.parent.name
            with po.open("rb") as handle:
                catalog = read_po(handle, locale=locale, domain=po.stem)
            with po.with_suffix(".mo").open("wb") as handle:
                write_mo(handle, catalog, use_fuzzy=False)


setup(cmdclass={"build_py": BuildPyWithCatalogues})
