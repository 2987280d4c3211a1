"""The pure core imports nothing from Kafka: it runs the same inside the service, the CLI and the tests."""

from __future__ import annotations

import subprocess
import sys


def test_importing_the_core_does_not_load_kafka_asyncio_or_logging_setup() -> None:
    """A fresh interpreter that imports every core module has no aiokafka module loaded."""
    code = (
        "import pkgutil, importlib, sys, claimwire.core as c\n"
        "for m in pkgutil.walk_packages(c.__path__, 'claimwire.core.'):\n"
        "    importlib.import_module(m.name)\n"
        "bad = sorted(n for n in sys.modules if n.split('.')[0] in ('aiokafka', 'structlog'))\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "" == out.stdout.strip()
