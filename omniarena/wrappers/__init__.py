"""Composable, arena-agnostic wrappers: recording and history."""

from omniarena.wrappers.history import History
from omniarena.wrappers.recorder import AECRecorder, Recorder

__all__ = ["AECRecorder", "History", "Recorder"]
