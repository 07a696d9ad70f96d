"""Composable, arena-agnostic wrappers: recording and history."""

from omniarena.wrappers.history import History
from omniarena.wrappers.recorder import AECRecorder, ParallelRecorder, Recorder

__all__ = ["AECRecorder", "History", "ParallelRecorder", "Recorder"]
