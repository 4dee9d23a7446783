"""Rebuild first_names.txt from Faker's person providers (every locale), Faker being MIT licensed
(LICENSE-first-names.txt). Run with Faker installed:

    python compiler/classification/data/build_first_names.py
"""

from __future__ import annotations

import importlib
import pkgutil
import re
from pathlib import Path

import faker
import faker.providers.person as person

_WORD = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*\Z")


def main() -> None:
    names: set[str] = set()
    for module in pkgutil.iter_modules(person.__path__):
        provider = importlib.import_module(f"{person.__name__}.{module.name}").Provider
        for attr in ("first_names", "first_names_male", "first_names_female", "first_names_nonbinary"):
            value = getattr(provider, attr, ())
            if isinstance(value, (dict, tuple, list)):
                names.update(n.strip() for n in value)
    words = sorted({n.casefold() for n in names if _WORD.match(n) and len(n) > 1})
    header = [f"# First names of {len(words)} spellings, casefolded, from Faker {faker.VERSION} person providers",
              "# (all locales). MIT license: LICENSE-first-names.txt. Rebuild: build_first_names.py."]
    (Path(__file__).parent / "first_names.txt").write_text("\n".join(header + words) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
