"""The numpy frame preprocessing: resize, grayscale, frame stack, the pixel env wrapper."""

from __future__ import annotations

import numpy as np
import pytest

import omniarena
from omniarena.wrappers.pixels import FrameStack, PixelObservation, Preprocess, grayscale, resize


def test_an_exact_shrink_averages_each_block() -> None:
    image = np.zeros((4, 6, 3), dtype=np.uint8)
    image[:2, :3] = 200  # the top-left 2x3 block
    image[1, 0] = 50
    small = resize(image, (2, 2))
    assert small.shape == (2, 2, 3)
    assert small[0, 0, 0] == round((5 * 200 + 50) / 6) and small[1, 1, 0] == 0 and small[0, 1, 0] == 0


def test_a_resize_to_another_ratio_samples_pixels_and_grayscale_weights_channels() -> None:
    image = np.arange(5 * 7 * 3, dtype=np.uint8).reshape(5, 7, 3)
    assert resize(image, (3, 4)).shape == (3, 4, 3)
    assert resize(image, (10, 14))[::2, ::2].tolist() == image.tolist()  # nearest when growing
    red = np.zeros((1, 1, 3), dtype=np.uint8)
    red[..., 0] = 255
    assert grayscale(red).shape == (1, 1, 1) and grayscale(red)[0, 0, 0] == round(0.299 * 255)


def test_the_frame_stack_keeps_the_last_frames_oldest_first() -> None:
    stack = FrameStack(Preprocess(size=(8, 8), gray=True, stack=3))
    frames = [np.full((16, 16, 3), v, dtype=np.uint8) for v in (10, 20, 30, 40)]
    first = stack.reset(frames[0])
    assert first.shape == (3, 8, 8) and (first == 10).all()
    for frame in frames[1:]:
        out = stack.push(frame)
    assert [int(out[i, 0, 0]) for i in range(3)] == [20, 30, 40]
    stack.clear()
    assert (stack.push(frames[3]) == 40).all()  # after clear the next frame fills the stack


def test_the_pixel_env_steps_an_arena_in_native_mode() -> None:
    env = PixelObservation(omniarena.make("omniarena/FightLadder-v0", action_mode="native"), (48, 64), False, 2)
    obs, _ = env.reset(seed=0)
    assert obs.shape == (6, 48, 64) and obs.dtype == np.uint8 and env.observation_space.contains(obs)
    for _ in range(3):
        obs2, *_ = env.step(env.unwrapped.action_set.lookup("forward"))
    obs3, *_ = env.step(env.unwrapped.action_set.lookup("forward"))
    assert (obs3[:3] == obs2[3:]).all()  # the newest frame moved down one slot
    assert not (obs3[3:] == obs2[3:]).all()  # and a new one came in (the fighters moved)
    env.close()


def test_bad_preprocessing_is_refused() -> None:
    with pytest.raises(ValueError, match="size"):
        Preprocess(size=(4, 64))
    with pytest.raises(ValueError, match="stack"):
        Preprocess(stack=0)
