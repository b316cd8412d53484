"""A progress bar for long commands, shown only to a person watching a terminal."""

from collections.abc import Iterable, Sequence

from tqdm import tqdm


def progress(items: Sequence, *, stream, unit: str, minimum: int = 1) -> Iterable:
    """``items``, with a bar on ``stream`` when it is a terminal; silent in logs and pipes."""
    if not stream.isatty() or len(items) < minimum:
        return items
    return tqdm(items, file=stream, unit=unit, dynamic_ncols=True)
