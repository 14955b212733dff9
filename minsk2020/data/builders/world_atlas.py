"""world-atlas 2.0.2 (Natural Earth 1:110m, TopoJSON) -> country shapes for the tour map.

The TopoJSON is decoded here (quantized, delta-encoded arcs) into one GeoJSON geometry per
country, kept for the countries inside the map window (Europe to Central Asia). Note: in this
file Crimea is drawn as part of Russia; the map caption says so.
"""

from __future__ import annotations

import json

import pandas as pd

from minsk2020.data import countries
from minsk2020.data import raw as rawfile
from minsk2020.data.builders import builder
from minsk2020.errors import RawFormatError

MAP_WINDOW = {"lon": (-12.0, 80.0), "lat": (34.0, 66.0)}  # countries touching this box are kept
COORD_DECIMALS = 2  # about 1 km; the source is 1:110m
TOUR_TRIPS = (3934, 3935, 3936, 3937, 3938)  # Pompeo's January-February 2020 tour (trip ids)


def decode_arcs(topology: dict) -> list[list[tuple[float, float]]]:
    """Absolute lon/lat of every arc: undo the delta encoding, then the quantization transform."""
    transform = topology.get("transform")
    if not transform:
        raise RawFormatError("world_atlas_110m: topology has no 'transform' (expected a quantized file)")
    (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def ring(indices: list[int], arcs: list) -> list[list[float]]:
    """Join arcs into a ring; a negative index ~i means arc i reversed; shared end points dropped."""
    out: list[list[float]] = []
    for index in indices:
        points = arcs[index] if index >= 0 else arcs[~index][::-1]
        for k, (lon, lat) in enumerate(points):
            if out and k == 0:
                continue
            out.append([round(lon, COORD_DECIMALS), round(lat, COORD_DECIMALS)])
    return out


def geometry(obj: dict, arcs: list) -> dict:
    if obj["type"] == "Polygon":
        return {"type": "Polygon", "coordinates": [ring(r, arcs) for r in obj["arcs"]]}
    if obj["type"] == "MultiPolygon":
        return {"type": "MultiPolygon", "coordinates": [[ring(r, arcs) for r in poly] for poly in obj["arcs"]]}
    raise RawFormatError(f"world_atlas_110m: unexpected geometry type {obj['type']!r}")


def polygons(geom: dict) -> list[list[list[float]]]:
    return [geom["coordinates"]] if geom["type"] == "Polygon" else geom["coordinates"]


def ring_area_centroid(points: list[list[float]]) -> tuple[float, float, float]:
    """Planar (lon/lat) area and centroid of a ring, by the shoelace formula."""
    area = cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(points, points[1:] + points[:1]):
        cross = x0 * y1 - x1 * y0
        area += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    area /= 2
    return abs(area), cx / (6 * area), cy / (6 * area)


def main_centroid(geom: dict) -> tuple[float, float]:
    """Centroid of the largest polygon's outer ring (e.g. Great Britain for the United Kingdom)."""
    best = max((ring_area_centroid(poly[0]) for poly in polygons(geom)), key=lambda t: t[0])
    return round(best[1], 2), round(best[2], 2)


def in_window(geom: dict) -> bool:
    (lon0, lon1), (lat0, lat1) = MAP_WINDOW["lon"], MAP_WINDOW["lat"]
    return any(lon0 <= lon <= lon1 and lat0 <= lat <= lat1
               for poly in polygons(geom) for r in poly for lon, lat in r)


def read_countries(path, source_id: str = "world_atlas_110m") -> list[dict]:
    try:
        topology = json.loads(open(path, encoding="utf-8").read())
    except json.JSONDecodeError as error:
        raise RawFormatError(f"{rawfile.where(source_id, path)}: not valid JSON: {error}") from error
    if topology.get("type") != "Topology" or "countries" not in topology.get("objects", {}):
        raise RawFormatError(f"{rawfile.where(source_id, path)}: expected a TopoJSON Topology with an object 'countries'")
    arcs = decode_arcs(topology)
    out = []
    for obj in topology["objects"]["countries"]["geometries"]:
        name = (obj.get("properties") or {}).get("name")
        if not name:
            raise RawFormatError(f"{rawfile.where(source_id, path)}: a country geometry has no properties.name")
        out.append({"country_id": obj.get("id") or "", "country_name": name, "geometry": geometry(obj, arcs)})
    return out


@builder(tables=("tour_map_countries", "tour_route_stops"), sources=["world_atlas_110m"], reads=["secretary_trips"])
def tour_map(raw, table) -> dict[str, pd.DataFrame]:
    """Country shapes for the map window, and the tour's stops (trip records 3934-3938) placed on them."""
    shapes = read_countries(raw("world_atlas_110m"))
    by_id = {c["country_id"]: c for c in shapes if c["country_id"]}
    trips = table("secretary_trips")
    tour = trips[trips["trip_id"].isin(TOUR_TRIPS)].sort_values(["start_date", "trip_id"])
    if sorted(tour["trip_id"]) != list(TOUR_TRIPS):
        raise RawFormatError(f"secretary_trips: tour trips {TOUR_TRIPS} not all found (found {sorted(tour['trip_id'])})")
    stops = []
    for order, trip in enumerate(tour.itertuples(), start=1):
        iso = countries.lookup(trip.country_id, trip.source_id, "table secretary_trips, column country_id").iso_numeric
        if iso not in by_id:
            raise RawFormatError(f"world_atlas_110m: no shape for tour country {trip.country_id!r} (trip {trip.trip_id})")
        lon, lat = main_centroid(by_id[iso]["geometry"])
        stops.append({"stop": order, "trip_id": trip.trip_id, "country_id": iso, "country_name": trip.country_name,
                      "locale": trip.locale, "start_date": trip.start_date, "end_date": trip.end_date,
                      "centroid_lon": lon, "centroid_lat": lat})
    stops = pd.DataFrame(stops)
    tour_ids = set(stops["country_id"])
    window = pd.DataFrame([
        {"country_id": c["country_id"], "country_name": c["country_name"], "on_tour": c["country_id"] in tour_ids,
         "geometry_geojson": json.dumps(c["geometry"], separators=(",", ":"))}
        for c in shapes if in_window(c["geometry"])
    ])
    window = window.sort_values(["country_name"]).reset_index(drop=True)
    return {"tour_map_countries": window, "tour_route_stops": stops}
