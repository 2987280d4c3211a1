"""claimwire: raw news pages in from Kafka, clean articles and tagged checkable claims out."""

from claimwire._version import SERVICE_VERSION

__all__ = ["SERVICE_VERSION"]
