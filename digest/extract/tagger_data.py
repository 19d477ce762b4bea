"""Word lists for the named-entity tagger's features (beside digest's other lists, which it reads too)."""

from __future__ import annotations

# Words after which a capitalised word is mostly a place ("di Jakarta", "kota Bandung").
PLACE_CUES: frozenset[str] = frozenset("""
di ke dari kota provinsi kabupaten desa kecamatan wilayah daerah negara asal
""".split())
