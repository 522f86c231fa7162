from eval.running.oracle import GoldFirst, OraclePipeline
from eval.running.run import run, summarise
from eval.scoring.score import Item

FOUNDER = Item("f", "en", "Kapan Google mengakuisisi DeepMind?", [["Alexandr Wang"]],
               ["Alexandr Wang, seorang miliarder"], True)  # the question points at paragraph 6, the evidence is in 4
NONE = Item("n", "en", "What did Meta pay?", [], [], False)


def _number(bot, phrase: str) -> int:
    return next(p.number for p in bot.paragraphs if phrase in p.text)


def test_gold_first_puts_the_evidence_paragraph_first_and_keeps_the_hit_count(make_bot) -> None:
    bot = make_bot(min_dense_score=0.99)
    plain = bot.retriever.search(FOUNDER.question, "id")
    gold = _number(bot, "Alexandr Wang")
    assert plain.hits[0].paragraph.number != gold
    oracle = GoldFirst(bot.retriever, bot)
    oracle.gold = gold
    found = oracle.search(FOUNDER.question, "id")
    numbers = [h.paragraph.number for h in found.hits]
    assert numbers[0] == gold and len(numbers) == len(plain.hits) and len(set(numbers)) == len(numbers)
    assert found.hits[0].score == plain.hits[0].score
    assert found.best_dense >= 0.99  # never refused by the "nothing close enough" rule
    oracle.gold = None
    assert oracle.search(FOUNDER.question, "id") == plain


def test_oracle_run_answers_from_the_evidence_paragraph_and_only_for_its_question(make_bot) -> None:
    bot = make_bot(passage_gap=0.0)  # the fake generator cites the prompt's first passage
    real = run(bot, [FOUNDER])[0]
    pipeline = OraclePipeline(bot, [FOUNDER, NONE])
    oracle = run(pipeline, [FOUNDER, NONE])
    gold = _number(bot, "Alexandr Wang")
    assert not real.citation_correct and gold not in real.citations
    assert oracle[0].citations == [gold] and oracle[0].citation_correct
    assert oracle[0].retrieval_rank == real.retrieval_rank  # the recorded rank is the real retriever's
    assert pipeline.retriever.gold is None
    assert summarise(oracle).citation_recall == 1.0
    assert bot.retriever is not pipeline.retriever  # the bot it was made from is unchanged
