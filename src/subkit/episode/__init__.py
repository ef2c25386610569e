"""The whole job, one episode at a time: transcript → French SRT → English SRT → lint → report.

For each transcript ``NAME.txt`` the job writes into ``OUT/NAME/``:

* ``NAME.fr.srt`` — :func:`subkit.segment.segment_transcript` (for a subtitle file given as the
  input, ``NAME.srt`` or ``NAME.vtt``: :func:`subkit.segment.segment_subtitles`);
* ``NAME.en.srt`` — :func:`subkit.translate.job.translate_file` (translation memory on by default);
* ``NAME.report.json`` and ``NAME.report.html`` — :mod:`subkit.report`, with the results of
  :func:`subkit.lint.core.lint_path` on both tracks.

**Incremental.** ``OUT/subkit-episodes.json`` (the manifest) records, per episode, the sha256 of the
input, a key of the options that shape the outputs, the model identity and the sha256 of every
output. An episode whose transcript, options and model did not change, and whose outputs are all
still there, is skipped (outputs edited by hand since are kept, and reported); ``force=True``
redoes it. The manifest also records where the transcript was, from the output folder: another
transcript of the same name (another week's folder) fails that episode instead of replacing its
outputs, unless ``force=True``. The manifest is rewritten (atomically, under a lock) only after
all of an episode's outputs are written, so a killed run never records an unfinished episode and a
re-run completes the job.

**Atomic.** Every output goes through :func:`subkit.srtio.atomic_write_text` (temporary file and
rename): a reader, or a run that is killed, never sees half a file. Temporary files left behind by a
killed run are removed when the episode runs again.

**Parallel and robust.** ``jobs > 1`` runs episodes in separate processes (spawned, so nothing of
the parent's state is shared; the translation memory is SQLite in WAL mode with a busy timeout). One
episode's failure (a binary transcript, say, or a hand edit that cannot be kept) is reported on
one line and does not stop the others; its transcript is read before its hand edits are set aside,
so an episode that fails there leaves its folder as it was.

Modules, by job: :mod:`~subkit.episode.options` (the job's options: segment's and translate's
whole, and the manifest key made of them), :mod:`~subkit.episode.steps` (one function per step of
one episode), :mod:`~subkit.episode.manifest` (the record of finished episodes),
:mod:`~subkit.episode.runner` (many episodes: skip, run, in parallel, record) and
:mod:`~subkit.episode.summary` (results, exit status, the summary table).
"""

from __future__ import annotations

from subkit.episode.manifest import MANIFEST_NAME, read_manifest
from subkit.episode.options import EpisodeOptions
from subkit.episode.runner import discover, episode_name, model_info, process_episode, run_episodes
from subkit.episode.summary import EpisodeResult, exit_code, summary_table

__all__ = [
    "EpisodeOptions",
    "EpisodeResult",
    "MANIFEST_NAME",
    "discover",
    "episode_name",
    "exit_code",
    "model_info",
    "process_episode",
    "read_manifest",
    "run_episodes",
    "summary_table",
]
