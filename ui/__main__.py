"""`python -m ui`: start the browser UI."""
from .launch import main

main()
