"""`python -m rag.cli ...`, the same as `rag ...`."""
import sys

from . import main

sys.exit(main())
