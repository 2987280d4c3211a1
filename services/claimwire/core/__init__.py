"""The pure core: models, errors, normalizer, claim tagger and the event -> event pipeline.

Nothing under ``claimwire.core`` imports Kafka, asyncio, the environment, the clock or logging setup; a unit test
imports it in a fresh interpreter and checks that ``aiokafka`` was not loaded.
"""

__all__: list[str] = []
