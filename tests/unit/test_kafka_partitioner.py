"""Claimwire's own murmur2 partitions every key as aiokafka's (and so the Java client's) default partitioner does."""

from __future__ import annotations

from aiokafka.partitioner import murmur2 as aiokafka_murmur2
from hypothesis import given
from hypothesis import strategies as st

from claimwire.adapters.kafka_producers import murmur2, partition_for


@given(st.binary(max_size=200))
def test_murmur2_equals_aiokafkas_for_any_bytes(key: bytes) -> None:
    """Every length (every remainder mod 4 included) hashes to aiokafka's value."""
    assert aiokafka_murmur2(key) == murmur2(key)


#: The Java client's own expectations (``UtilsTest.testMurmur2``), as signed 32-bit ints.
JAVA_MURMUR2 = {
    b"21": -973932308,
    b"foobar": -790332482,
    b"a-little-bit-long-string": -985981536,
    b"a-little-bit-longer-string": -1486304829,
    b"lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8": -58897971,
    b"abc": 479470107,
}


def test_known_keys_hash_as_in_the_java_client() -> None:
    """The values the Java client's test asserts, and the partitions they give."""
    assert {k: v % 2**32 for k, v in JAVA_MURMUR2.items()} == {k: murmur2(k) for k in JAVA_MURMUR2}
    assert [(v % 2**32 & 0x7FFFFFFF) % 4 for v in JAVA_MURMUR2.values()] == [partition_for(k, 4) for k in JAVA_MURMUR2]
