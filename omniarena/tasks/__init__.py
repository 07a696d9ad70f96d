"""Evaluation: the episode loops, the parallel resumable runner and result summaries."""

from omniarena.tasks.eval import EvalJob, evaluate, evaluate_many, load_records
from omniarena.tasks.stats import Summary, summarize

__all__ = ["EvalJob", "Summary", "evaluate", "evaluate_many", "load_records", "summarize"]
