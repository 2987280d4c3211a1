"""Sub-commands of ``claimwire``; each module defines ``register(sub)``."""

__all__: list[str] = []
