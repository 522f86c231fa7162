"""Tenth round (issue 30, item 1, its cheap form): the generator's state where it answers a yes/no check
appended to the conversation that made the answer. Does a probe of that state say more than the probes
of the prompt's end and the draft's end, on the same answers? Nothing is generated: each stored draft is
put back into its conversation, the check is appended, and one step is read (P(yes), blocks 17 and 20).

    python docs/eval/verify/tenth/checkstate.py RUN.json --set SET.jsonl --out DIR [--limit N] [--timed K]

Rows saved per answer (DIR/states.npz, by id): the state at the check asked in the question's language
(`Language.check`), then at a short check asked in English for both languages (`SHORT`). DIR/rows.jsonl: P(yes)
of each check, and for the first K answers the live cost: the draft generated again, then the check timed
on the kept state (what the bot would pay).
"""
from __future__ import annotations

import argparse
import json
import random
import time
from pathlib import Path

import numpy as np

from eval.running.resignal import bots_for, retrieved
from eval.scoring.score import load
from rag import Settings
from rag.answer import prompt
from rag.texts import LANGUAGES

LAYERS = (17, 20)


SHORT = "Is this answer stated in the passages? Reply yes or no."  # about a third of the checks' tokens


def check_turn(messages: list[dict], draft: str, check: str) -> list[dict]:
    return messages + [{"role": "assistant", "content": draft}, {"role": "user", "content": check}]


def read(gen, turn: list[dict], language: str) -> tuple[float | None, np.ndarray | None]:  # noqa: ANN001
    """P(yes) at the check's first step and the state there (blocks 17 and 20), the live context's start reused."""
    lang = LANGUAGES[language]
    share = gen.judge(turn, list(lang.yes), list(lang.no), LAYERS)
    return share, gen.hidden


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("run", type=Path)
    p.add_argument("--set", dest="sets", type=Path, action="append", required=True)
    p.add_argument("--out", type=Path, required=True)
    p.add_argument("--limit", type=int, default=400)
    p.add_argument("--timed", type=int, default=12)
    p.add_argument("--seed", type=int, default=10)
    a = p.parse_args()
    run = json.loads(a.run.read_text(encoding="utf-8"))["hybrid"]["outcomes"]
    items = {i.id: i for s in a.sets for i in load(s)}
    weighed = [o for o in run if o.get("confidence") is not None and o["id"] in items]
    random.Random(a.seed).shuffle(weighed)
    chosen = weighed[: a.limit]
    settings = Settings.load().with_overrides(library=False, min_dense_score=0.0)
    base, bots = bots_for([items[o["id"]] for o in chosen], settings)
    gen = base.generator
    gen.warm_up()
    a.out.mkdir(parents=True, exist_ok=True)
    states: dict[str, np.ndarray] = {}
    with (a.out / "rows.jsonl").open("w", encoding="utf-8") as rows:
        for n, o in enumerate(chosen):
            item = items[o["id"]]
            question, language, _, hits = retrieved(bots[item.corpus], item)
            messages = prompt.build_messages(question, hits, language)
            row = {"id": o["id"], "lang": language}
            if n < a.timed:  # the live cost: the draft made again, then the check on the kept state
                draft = "".join(gen.stream(messages, settings.max_new_tokens, refusal=LANGUAGES[language].sentinel))
                row["same_draft"] = draft.strip() == (o["draft"] or "").strip()
                t = time.perf_counter()
                read(gen, check_turn(messages, draft, LANGUAGES[language].check), language)
                row["check_seconds"] = round(time.perf_counter() - t, 3)
                row["check_tokens"] = llm_tokens_after(gen, messages, draft, LANGUAGES[language].check)
                t = time.perf_counter()
                read(gen, check_turn(messages, draft, SHORT), "en")
                row["short_seconds"] = round(time.perf_counter() - t, 3)
                row["short_tokens"] = llm_tokens_after(gen, messages, draft, SHORT)
            draft = o["draft"] or o["text"]
            own, s_own = read(gen, check_turn(messages, draft, LANGUAGES[language].check), language)
            en, s_en = read(gen, check_turn(messages, draft, SHORT), "en")
            row.update(p_yes_own=own, p_yes_short=en)
            if s_own is not None and s_en is not None:
                states[o["id"]] = np.stack([s_own, s_en]).astype(np.float16)
            rows.write(json.dumps(row) + "\n")
            rows.flush()
            if n % 20 == 0:
                print(n, time.strftime("%H:%M:%S"), row, flush=True)
                np.savez_compressed(a.out / "states.npz", **states)
    np.savez_compressed(a.out / "states.npz", **states)


def llm_tokens_after(gen, messages: list[dict], draft: str, check: str) -> int:  # noqa: ANN001
    """Tokens of the check turn past the conversation as generated (prompt + draft + its end token)."""
    whole = gen._render(check_turn(messages, draft, check))
    head = gen._render(messages) + draft
    tok = gen._llm.tokenize
    return len(tok(whole.encode(), add_bos=False, special=True)) - len(tok(head.encode(), add_bos=False, special=True)) - 1


if __name__ == "__main__":
    main()
