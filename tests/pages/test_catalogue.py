"""Every interface string has its Norwegian translation (issue 21).

Fails when an msgid in locale/nb has an empty or fuzzy msgstr, and when `makemessages` would add a
string the catalogue does not have yet (a new `_()`, `{% translate %}` or `N_()` without its
translation). Parsed without polib: the catalogue's format is simple enough.
"""

import gettext
import re
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

CATALOGUE = Path(settings.BASE_DIR) / "locale" / "nb" / "LC_MESSAGES" / "django.po"


def parse_po(text: str) -> list[dict]:
    """Entries as {"flags", "msgctxt", "msgid", "msgstr"}; plural forms joined in msgstr."""
    entries = []
    for block in text.split("\n\n"):
        entry: dict = {"flags": set(), "msgctxt": None, "msgid": None, "msgstr": ""}
        key = None
        for line in block.splitlines():
            if line.startswith("#,"):
                entry["flags"] |= {flag.strip() for flag in line[2:].split(",")}
            elif line.startswith("#"):
                continue
            elif line.startswith('"') and key:
                entry[key] = (entry[key] or "") + _unquote(line)
            else:
                word, _space, rest = line.partition(" ")
                key = {"msgctxt": "msgctxt", "msgid": "msgid", "msgid_plural": None}.get(
                    word, "msgstr" if word.startswith("msgstr") else None
                )
                if key:
                    value = _unquote(rest)
                    if key == "msgstr" and entry["msgstr"] and word != "msgstr":
                        entry["msgstr"] += "\x00"  # another plural form
                    entry[key] = (entry[key] or "") + value if key == "msgstr" else value
        if entry["msgid"]:  # the header has an empty msgid
            entries.append(entry)
    return entries


ESCAPES = {"n": "\n", "t": "\t", '"': '"', "\\": "\\"}


def _unquote(quoted: str) -> str:
    body = quoted.strip()[1:-1]
    return re.sub(r"\\(.)", lambda m: ESCAPES.get(m.group(1), m.group(1)), body)


def untranslated(entries: list[dict]) -> list[str]:
    missing = []
    for entry in entries:
        forms = entry["msgstr"].split("\x00")
        if "fuzzy" in entry["flags"] or not all(form.strip() for form in forms):
            missing.append(repr((entry["msgctxt"], entry["msgid"]))[:120])
    return missing


def test_parser_reads_plural_forms_escapes_and_flags():
    text = (
        'msgid ""\nmsgstr "Header"\n\n'
        '#: a.py:1\n#, python-format\nmsgid "One «%(n)s»"\nmsgid_plural "Many"\n'
        'msgstr[0] "Én"\nmsgstr[1] ""\n\n'
        'msgctxt "verb"\nmsgid "Plan"\nmsgstr "Planlegg"\n\n'
        '#, fuzzy\nmsgid ""\n"Long \\"quoted\\"\\n"\n"text"\nmsgstr "Lang"\n'
    )
    entries = parse_po(text)
    assert [e["msgid"] for e in entries] == ["One «%(n)s»", "Plan", 'Long "quoted"\ntext']
    assert entries[1]["msgctxt"] == "verb"
    assert len(untranslated(entries)) == 2  # an empty plural form, a fuzzy entry


def test_every_string_in_the_catalogue_is_translated():
    missing = untranslated(parse_po(CATALOGUE.read_text(encoding="utf-8")))
    assert not missing, f"{len(missing)} untranslated: {missing[:20]}"


def test_the_compiled_catalogue_is_the_catalogue():
    """Django reads the compiled django.mo: a translation changed in django.po and not compiled
    (`manage.py compilemessages`) would not reach a page."""
    with CATALOGUE.with_suffix(".mo").open("rb") as compiled_file:
        compiled = dict(gettext.GNUTranslations(compiled_file)._catalog)
    compiled.pop("", None)  # the header
    expected: dict = {}
    for entry in parse_po(CATALOGUE.read_text(encoding="utf-8")):
        key = entry["msgid"]
        if entry["msgctxt"] is not None:
            key = f"{entry['msgctxt']}\x04{key}"
        forms = entry["msgstr"].split("\x00")
        if len(forms) == 1:
            expected[key] = forms[0]
        else:
            expected |= {(key, n): form for n, form in enumerate(forms)}
    assert compiled == expected


SOURCES = ("kiraad", "measures", "guidance", "network", "notifications", "templates")


@pytest.mark.skipif(not shutil.which("xgettext"), reason="gettext is not installed")
def test_makemessages_finds_no_new_string(tmp_path, settings, monkeypatch):
    """Run the repository's makemessages over a copy of the sources and the catalogue (so the
    real catalogue is never touched) and compare."""
    base = Path(settings.BASE_DIR)
    for name in SOURCES:
        shutil.copytree(
            base / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc")
        )
    copy = tmp_path / "locale" / "nb" / "LC_MESSAGES" / "django.po"
    copy.parent.mkdir(parents=True)
    shutil.copy(CATALOGUE, copy)
    settings.LOCALE_PATHS = [tmp_path / "locale"]
    monkeypatch.chdir(tmp_path)
    call_command("makemessages", locale=["nb"], verbosity=0, no_obsolete=True)
    before = {(e["msgctxt"], e["msgid"]) for e in parse_po(CATALOGUE.read_text("utf-8"))}
    after = parse_po(copy.read_text(encoding="utf-8"))
    new = [repr(key)[:120] for e in after if (key := (e["msgctxt"], e["msgid"])) not in before]
    assert not new, f"{len(new)} strings not in the catalogue (run makemessages -l nb): {new}"
    assert not untranslated(after)
