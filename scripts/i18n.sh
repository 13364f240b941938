#!/usr/bin/env bash
# Bring the translations in step with the sources (docs/web.md, "Translations"):
#   1. pybabel extract: every _("…") of the templates, translate("…")/gettext("…") of the code;
#   2. vigie.web.i18n_extract: plus the scanner's tables and what only the catalogues hold;
#   3. pybabel update: each language's messages.po gains the new French texts (empty msgstr, or
#      fuzzy when close to an old one), keeps its translations, marks the dropped ones obsolete.
# Then translate the empty and fuzzy entries (Poedit, Weblate or an editor) and run
# `pytest tests/web/test_i18n_catalogue.py`. `scripts/i18n.sh --check` changes nothing and fails
# when a catalogue is not up to date.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
DIR=src/vigie/web/translations
POT=$DIR/messages.pot
"$BIN/pybabel" -q extract -F "$DIR/babel.cfg" -k translate -c TRANSLATORS: \
    --add-location=file --project=Vigie --version=main -o "$POT" src/vigie
"$BIN/python" -m vigie.web.i18n_extract "$POT"
UPDATE=("$BIN/pybabel" -q update -i "$POT" -d "$DIR" -D messages --ignore-pot-creation-date)
if [[ "${1:-}" == "--check" ]]; then
    "${UPDATE[@]}" --check
else
    "${UPDATE[@]}"
    echo "updated: $(ls "$DIR"/*/LC_MESSAGES/messages.po | tr '\n' ' ')"
fi
