import doctest
import importlib

import pytest


@pytest.mark.parametrize("name", ["ui.strings", "ui.highlight", "ui.render", "ui.uploads"])
def test_docstring_examples_hold(name: str) -> None:
    result = doctest.testmod(importlib.import_module(name))
    assert result.failed == 0 and result.attempted > 0
