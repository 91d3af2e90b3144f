"""Administrative divisions of the deployment's country, shipped as data in app/geo/data/."""

import json
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

DATA_DIR = Path(__file__).parent / "data"
TIMEZONES = {
    "tj": "Asia/Dushanbe",
    "uz": "Asia/Tashkent",
    "az": "Asia/Baku",
    "kz": "Asia/Almaty",
    "kg": "Asia/Bishkek",
}
CYRILLIC_LOCALES = frozenset({"ru", "tg", "kk", "ky"})


def localized(names: dict[str, str], locale: str) -> str:
    """Pick a name in the locale, else in the nearest script (Russian or English), else any."""
    fallback = "ru" if locale in CYRILLIC_LOCALES else "en"
    for key in (locale, fallback, "en", "ru"):
        if names.get(key):
            return names[key]
    return next(iter(names.values()))


@dataclass(frozen=True)
class Division:
    """A region or a district, with its names in the local language, Russian and English."""

    code: str
    names: dict[str, str]
    kind: str = "district"
    districts: tuple["Division", ...] = field(default_factory=tuple)

    def name(self, locale: str) -> str:
        return localized(self.names, locale)


@dataclass(frozen=True)
class Country:
    code: str
    local_locale: str
    locales: tuple[str, ...]
    names: dict[str, str]
    regions: tuple[Division, ...]
    by_code: dict[str, Division] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self):
        for region in self.regions:
            self.by_code[region.code] = region
            self.by_code.update({district.code: district for district in region.districts})

    @property
    def timezone(self) -> str:
        return TIMEZONES[self.code]

    def name(self, locale: str) -> str:
        return localized(self.names, locale)

    def division(self, code: str) -> Division | None:
        """The region or district with this code, if the country has it."""
        return self.by_code.get(code)

    def region_of(self, code: str) -> Division | None:
        """The region a division code belongs to (itself when it is a region)."""
        return next((r for r in self.regions if code == r.code or code.startswith(r.code + "-")), None)

    def choices(self, locale: str) -> list[tuple[str, list[tuple[str, str]]]]:
        """Grouped select choices: each region, then its districts."""
        groups = []
        for region in self.regions:
            options = [(region.code, region.name(locale))]
            options += [(d.code, d.name(locale)) for d in region.districts]
            groups.append((region.name(locale), options))
        return groups


def _division(raw: dict, kind: str = "district") -> Division:
    districts = tuple(_division(d) for d in raw.get("districts", ()))
    return Division(raw["code"], raw["names"], raw.get("kind", kind), districts)


@cache
def get_country(code: str) -> Country:
    """Load a country's data file once."""
    raw = json.loads((DATA_DIR / f"{code}.json").read_text(encoding="utf-8"))
    return Country(
        code=raw["country"],
        local_locale=raw["local_locale"],
        locales=tuple(raw["locales"]),
        names=raw["names"],
        regions=tuple(_division(r, "region") for r in raw["regions"]),
    )


def current_country() -> Country:
    """The country the running deployment serves (OVOZ_COUNTRY)."""
    from flask import current_app

    return get_country(current_app.config["OVOZ_COUNTRY"])
