"""Is a later passage placed right? The passage holding the answer put last, behind two that do not:
the stitched prompt (every passage placed from its state, nothing recomputed) must still find it."""
import sys, tempfile
sys.path.insert(0, "/work/main")
from rag import Bot
from rag.settings import Settings
from rag.answer import prompt
from rag.generators.llama import LlamaCpp

QUESTIONS = ["In which year did Google buy DeepMind?", "Who founded Scale AI?", "What share of Scale AI did Meta buy?"]
s = Settings.load().with_overrides(cache_dir=tempfile.mkdtemp(), stitch="all")
bot = Bot.load(s, progress=False)
gen = LlamaCpp(s)
for q in QUESTIONS:
    hits = bot.retrieve(q).hits[:3]
    order = hits[1:] + hits[:1]  # the best hit last
    messages = prompt.build_messages(q, order, "en")
    gen.reset(); gen.prime([prompt.instructions("en")])
    whole = "".join(gen.stream(messages, 32))
    gen.reset(); gen.prime([prompt.instructions("en")])
    stitched = "".join(gen.stream(messages, 32, segments=prompt.segments(order, "en")))
    print(f"{q}\n  passages {[h.paragraph.number for h in order]}\n  whole:    {whole!r}\n  stitched: {stitched!r}", flush=True)
