"""Every string a reader can see is in a catalogue, translated, and not fuzzy — per interface.

The source interface (ko, en, ru, zh_Hans) and the journalist interface (ko, en) are separate
gettext domains and are checked separately. `make check-strings` runs this file after updating
and compiling the catalogues.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tipline.i18n.catalogues import DOMAINS, Domain, loose_raises, loose_template_text, problems, update


@pytest.mark.parametrize("domain", DOMAINS, ids=lambda domain: domain.name)
def test_every_catalogue_is_complete_translated_and_not_fuzzy(domain: Domain) -> None:
    assert [] == problems(domain)


def test_source_and_journalist_interfaces_have_their_own_languages() -> None:
    by_name = {domain.name: domain.locales for domain in DOMAINS}
    assert {"source": ("ko", "en", "ru", "zh_Hans"), "journalist": ("ko", "en")} == by_name


@pytest.fixture
def toy_domain(tmp_path: Path) -> Domain:
    """A one-template interface with ko and en catalogues, made up to date by `update`."""
    templates = tmp_path / "web" / "toy" / "templates"
    templates.mkdir(parents=True)
    (templates / "page.html").write_text('<h1>{{ _("Hello") }}</h1>\n<p title="{{ _(\'Hint\') }}">{{ x }}</p>\n')
    domain = Domain("toy", ("ko", "en"), "web/toy", root=tmp_path)
    update(domain)
    return domain


def test_a_new_string_is_reported_untranslated_until_translated(toy_domain: Domain) -> None:
    # Given catalogues just updated from the template: English repeats the msgids, Korean is empty
    assert sorted(
        [
            f"{toy_domain.po_path('ko')}: untranslated: 'Hello'",
            f"{toy_domain.po_path('ko')}: untranslated: 'Hint'",
        ]
    ) == sorted(problems(toy_domain))
    # When it is translated
    po = toy_domain.po_path("ko")
    po.write_text(
        po.read_text(encoding="utf-8")
        .replace('msgid "Hello"\nmsgstr ""', 'msgid "Hello"\nmsgstr "안녕하십니까"')
        .replace('msgid "Hint"\nmsgstr ""', 'msgid "Hint"\nmsgstr "도움말"'),
        encoding="utf-8",
    )
    # Then nothing is reported, and updating again changes nothing
    assert [] == problems(toy_domain)
    assert [] == update(toy_domain)


def test_a_fuzzy_entry_fails(toy_domain: Domain) -> None:
    po = toy_domain.po_path("en")
    po.write_text(po.read_text(encoding="utf-8").replace('msgid "Hello"', '#, fuzzy\nmsgid "Hello"'), encoding="utf-8")
    assert f"{po}: fuzzy: 'Hello'" in problems(toy_domain)


def test_a_string_missing_from_a_catalogue_fails(toy_domain: Domain) -> None:
    template = toy_domain.templates()[0]
    template.write_text(template.read_text(encoding="utf-8") + '{{ _("Goodbye") }}\n', encoding="utf-8")
    assert f"{toy_domain.po_path('ko')}: not in the catalogue: 'Goodbye'" in problems(toy_domain)


def test_text_outside_gettext_in_a_template_is_found(tmp_path: Path) -> None:
    template = tmp_path / "page.html"
    template.write_text(
        '<meta name="viewport" content="width=device-width">\n'
        '<h1>{{ _("Fine") }}</h1>{# a comment is fine #}\n'
        '<p>Send it</p>\n<input placeholder="Codename" value="{{ form.x }}">\n'
        "<p>{{ 42 }} — 2026</p>\n",
        encoding="utf-8",
    )
    assert ["Send it", 'placeholder="Codename"'] == loose_template_text(template)


def test_the_shipped_templates_have_no_text_outside_gettext() -> None:
    templates = [template for domain in DOMAINS for template in domain.templates()]
    assert templates
    assert {} == {str(t): found for t in templates if (found := loose_template_text(t))}


def test_catalogues_ship_with_the_package() -> None:
    # setuptools package-data: translations/*/LC_MESSAGES/* (the .po, and the .mo built at install).
    for domain in DOMAINS:
        for locale in domain.locales:
            assert domain.mo_path(locale).is_file()


def test_a_refusal_raised_with_bare_text_in_a_service_is_found(tmp_path: Path) -> None:
    """Server-side messages a person reads go through N_() (tipline.i18n.messages), so that the
    catalogue has them; a refusal raised with plain or formatted text is reported."""
    services = tmp_path / "journalists"
    services.mkdir()
    (services / "service.py").write_text(
        "from tipline.i18n.messages import N_\n"
        "def f(name):\n"
        '    raise JournalistError(N_("fine: %(name)s"), name=name)\n'
        "def g(name):\n"
        '    raise JournalistError(f"a journalist named {name!r} exists already")\n'
        "def h():\n"
        '    raise CaseError("the note is longer than 64 KiB")\n'
        "def i():\n"
        '    raise NotFound("source")\n',
        encoding="utf-8",
    )
    domain = Domain("toy", ("ko", "en"), "web/toy", root=tmp_path, message_folders=("journalists",))
    (tmp_path / "web" / "toy" / "templates").mkdir(parents=True)
    assert [(5, "f'a journalist named {name!r} exists already'"), (7, "the note is longer than 64 KiB")] == sorted(
        loose_raises(services / "service.py")
    )
    update(domain)
    found = problems(domain)
    assert any("a refusal raised with text outside N_()" in line and ":7:" in line for line in found)
    # The marked message is extracted into the interface's catalogue, untranslated until translated.
    assert f"{domain.po_path('ko')}: untranslated: 'fine: %(name)s'" in found


def test_the_journalist_interface_checks_the_services_it_shows() -> None:
    from tipline.i18n.catalogues import JOURNALIST

    assert {"journalists", "cases", "newsroom", "alerts"} <= set(JOURNALIST.message_folders)
    assert [] == [hit for module in JOURNALIST.message_files() for hit in loose_raises(module)]
