"""Evaluation: the episode loops, the parallel resumable runner, result summaries and task suites (data files)."""

from omniarena.tasks.eval import EvalJob, evaluate, evaluate_many, load_records
from omniarena.tasks.stats import Summary, summarize

__all__ = ["EvalJob", "Summary", "evaluate", "evaluate_many", "load_records", "summarize"]
