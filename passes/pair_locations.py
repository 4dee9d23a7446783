"""Points on the map (Entity.locations): a latitude and a longitude dimension read together.

classify_semantics tells latitudes and longitudes apart; this pass pairs them by the stem their
names share once the coordinate word is taken out (`pickup_lat` and `pickup_lon` are the pickup
location, `start_latitude` and `start_longitude` the start location). A table with one of each
pairs them whatever their names. LookML renders a pair as a `type: location` field and Cube as a
`type: geo` dimension; the two coordinates stay dimensions of their own.
"""

from __future__ import annotations

import re

from compiler.naming import NameTable, humanize
from compiler.pipeline import Context, State
from ir.provenance import Provenance, Text
from ir.semantic import Dimension, Entity, Location

NAME = "pair_locations"
_LAT = re.compile(r"(^|_)(lat|latitude|breite|breitengrad|latitud|latitudine)($|_)")
_LON = re.compile(r"(^|_)(lon|lng|long|longitude|laenge|laengengrad|longitud|longitudine)($|_)")


def _stem(d: Dimension, pattern: re.Pattern) -> str:
    return pattern.sub(r"\1\3", (d.column or d.name).lower()).strip("_")


def pairs(entity: Entity) -> list[tuple[str, Dimension, Dimension]]:
    """(stem, latitude, longitude) for each pair, in stem order."""
    lats = [d for d in entity.dimensions if d.semantic_type == "latitude"]
    lons = [d for d in entity.dimensions if d.semantic_type == "longitude"]
    if len(lats) == 1 and len(lons) == 1:
        stem_lat, stem_lon = _stem(lats[0], _LAT), _stem(lons[0], _LON)
        return [(stem_lat if stem_lat == stem_lon else "", lats[0], lons[0])]
    by_lat: dict[str, Dimension] = {}
    by_lon: dict[str, Dimension] = {}
    for d in lats:
        by_lat.setdefault(_stem(d, _LAT), d)
    for d in lons:
        by_lon.setdefault(_stem(d, _LON), d)
    return [(stem, by_lat[stem], by_lon[stem]) for stem in sorted(by_lat.keys() & by_lon.keys())]


def _name(stem: str, names: NameTable) -> str:
    """`location` (`start_location`), or where a column already holds that name (a circuit's
    location is its town) `coordinates`: a second word, not a number."""
    for wanted in ((f"{stem}_location", f"{stem}_coordinates") if stem else ("location", "coordinates", "geo_location")):
        if wanted not in names.taken:
            return names.claim(wanted)
    return names.claim(f"{stem}_location" if stem else "location")


def run(state: State, ctx: Context) -> None:
    for entity in state.model.entities:
        found = pairs(entity)
        if not found:
            if entity.locations:
                entity.locations = []
            continue
        names = NameTable({f.name for f in [*entity.dimensions, *entity.time_dimensions, *entity.measures]})
        entity.locations = [
            Location(
                name=(name := _name(stem, names)),
                latitude=lat.name,
                longitude=lon.name,
                label=Text.inferred(humanize(name), NAME, "coordinate_pair"),
                provenance=Provenance.inferred(NAME, "coordinate_pair", 0.9,
                                               [f"{lat.column or lat.name} is a latitude and {lon.column or lon.name} a longitude"
                                                + (f", both of the {stem}" if stem else "")]),
            )
            for stem, lat, lon in found
        ]
