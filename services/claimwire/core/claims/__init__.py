"""The claim tagger (work in progress)."""

__all__: list[str] = []
