"""An entry's verification states, and the Indonesian words officers write for them: a filter on the command line
(`--verification ditolak`) and an exported roster's cell (`Terverifikasi`) read them from here alike."""

STATES = ("unverified", "verified", "rejected")
WORDS = {"belum diverifikasi": "unverified", "belum": "unverified", "terverifikasi": "verified",
         "diverifikasi": "verified", "ditolak": "rejected"}


def state_of(word: str) -> str | None:
    """The state a word names, in either language (any case, spaces as typed), or None."""
    raw = " ".join(word.split()).casefold()
    return raw if raw in STATES else WORDS.get(raw)
