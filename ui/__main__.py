"""`python -m ui`: start the browser UI."""
from .app import main

main()
