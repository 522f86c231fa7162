"""Fourteenth round, dev screen (year-line.txt): rag eval with the generator's system prompt given one more rule: no year the passage does not give (Y), or as shipped (A).

    python docs/eval/verify/fourteenth/yearline.py A|Y eval --set docs/eval/verify/fourteenth/year-dev-set.jsonl --json V.json --pipeline ours --modes

Read by yearline_read.py. Dropped on dev: at balanced, answerable right (lenient) 15 -> 16 (en) and 21 -> 22
(id) of 30, answers shown to unanswerable time questions 4 -> 6 of 20; drafts holding a year 25 -> 24 (en).
"""
import dataclasses, sys
import rag.texts as t
LINES = {"en": "\n- Write a date as the passage writes it; never add a year the passage does not give.",
         "id": "\n- Tulis tanggal seperti di bagian artikel; jangan menambahkan tahun yang tidak disebut bagian artikel."}
variant = sys.argv.pop(1)
if variant == "Y":
    for code, line in LINES.items():
        t.LANGUAGES[code] = dataclasses.replace(t.LANGUAGES[code], system=t.LANGUAGES[code].system + line)
from rag.cli import main
sys.argv[0] = "rag"
main()
