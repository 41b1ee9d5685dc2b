"""How a patch recognises the upstream code it was written against: the sha256 of its source."""
import hashlib
import inspect
from typing import Callable


def source_sha256(function: Callable) -> str:
    return hashlib.sha256(inspect.getsource(function).encode()).hexdigest()
