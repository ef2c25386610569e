"""The translation engine: an Argos package's CTranslate2 model and SentencePiece files, driven
directly.

subkit already knows its sentences, so it skips argostranslate's own sentence splitter (which may
reach for the network) and its tiny default batches: every sentence of a file goes through
``translate_batch`` in large, length-sorted batches. ``ctranslate2`` and ``sentencepiece`` are
imported here only, lazily, so the lint path never loads them.
"""

from __future__ import annotations

import json
import math
import os
import re
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Callable, Sequence

from subkit.errors import SubkitError
from subkit.language import unify_apostrophes
from subkit.models.installed import low_confidence_from
from subkit.translate.sentences import unclosed
from subkit.translate.verbatim import mask, masked_pair, unmask

__all__ = ["DecodeOptions", "ENGINE_REVISION", "Engine", "load_engine"]

# Raised whenever the same model and options decode to other output (a new pass or word check): it
# is part of DecodeOptions.key(), so that the translation memory serves no machine translation of an
# older engine (human entries do not depend on it), and of the episode manifest's key.
# 2: unpunctuated sentences closed, shared starts forbidden, offensive words rejected.
# 3: a shared start that begins a name of the source is no longer forbidden ("Ukrain").
# 5: web and e-mail addresses, @handles, #hashtags and emoji copied as they are (verbatim.py).
# 6: a source's final ellipsis kept ("attention..." gave "attention.."); closing quotes stay with
#    their sentence (« Je suis désolée. » was two sentences).
# 7: a cue that is only a sound label ("[Applaudissements]") is a sentence of its own; an inflected
#    function word ("thes") fails the word checks.
ENGINE_REVISION = 7


@dataclass(frozen=True)
class DecodeOptions:
    """Decoding settings; they are part of the translation-memory key."""

    beam_size: int = 4
    max_batch_tokens: int = 4096
    # bench/translate_quality.py on FLORES dev with subkit-fr_en-1.1: no repetition penalty, no
    # repeated 4-gram and length penalty 1.5 scored best (21.8 BLEU / 51.9 chrF, against 21.0 / 51.1
    # for penalty 1.2, 3-gram, 1.0); the n-gram ban alone stops a weak model's loops.
    repetition_penalty: float = 1.0
    no_repeat_ngram_size: int = 4
    length_penalty: float = 1.5
    # Of the beam's hypotheses, take the first that the word-level review checks pass (no invented
    # word, no source word left in, no offensive word, no word repeated) when the best one fails
    # them. On FLORES dev with subkit-fr_en-1.4: sentences with an invented word 428 -> 358 of 997,
    # +0.09 BLEU, no extra time (the beam computes them anyway). Needs the target's word lists
    # (English); else a no-op.
    prefer_clean: bool = True
    # When no hypothesis of the beam is clean, decode that sentence again with this wider beam and
    # keep its first clean hypothesis, if any (0: no retry). Measured in README "Translate".
    retry_beam: int = 12
    # When a sentence still has an invented word (or a source word left in) after that, decode it
    # again (with the retry's beam) forbidding the pieces the model spelt that word with, up to this
    # many times, and keep the first clean hypothesis, else the one with the fewest such words
    # (0: never). Measured in README "Translate".
    invented_retries: int = 8
    # The checks above judge a hypothesis as the pipeline will show it: with the garbled names of
    # the source put back (subkit.translate.names, the default --keep-names), so that a name the
    # repair restores is not forbidden away ("garbled names restored" on FLORES dev: 33 without
    # the pass above, 13 with it when this was off).
    repair_names: bool = True
    # A source that ends without punctuation ("très", "la fin 2022") is decoded with a full stop
    # after it, taken off the translation again: the model learnt to stop at the end of sentences,
    # and a lone word without one loops ("très" -> "very very very very really very...").
    close_fragments: bool = True

    def key(self) -> str:
        return json.dumps({**asdict(self), "engine_revision": ENGINE_REVISION}, sort_keys=True)


def _chunks(order: list[int], lengths: list[int], budget: int) -> list[list[int]]:
    """*order* (indices sorted by length) cut into runs that fill one CTranslate2 batch of *budget*
    padded tokens each: one call per batch, so batches are as full as in a single call, while each
    run gets a decoding cap fitted to its own longest sentence (a looping sentence stops early) and
    progress is reported between runs. Chunks of 64 sentences instead cost 11 % more model time
    on 481 news sentences (bench/translate.py)."""
    runs: list[list[int]] = []
    for i in order:
        if runs and (len(runs[-1]) + 1) * lengths[i] <= budget:
            runs[-1].append(i)
        else:
            runs.append([i])
    return runs


class Engine:
    """Translate lists of sentences with one Argos package (CTranslate2 + SentencePiece)."""

    def __init__(self, package_dir: Path, identity: str, device: str = "auto", threads: int = 0,
                 options: DecodeOptions | None = None):
        self.package_dir = Path(package_dir)
        self.identity = identity
        self.options = options or DecodeOptions()
        model_dir = self.package_dir / "model"
        sp_path = self.package_dir / "sentencepiece.model"
        if not (model_dir / "model.bin").is_file() or not sp_path.is_file():
            raise SubkitError("not a usable Argos package (model/model.bin or sentencepiece.model "
                              "missing)", str(self.package_dir))
        metadata = _read_json(self.package_dir / "metadata.json")
        source, self._target = metadata.get("from_code", ""), metadata.get("to_code", "")
        self._acceptable = (_word_checks(source, self._target, self.options.repair_names)
                            if self.options.prefer_clean and self.options.beam_size > 1 else None)
        self._invented = (_invented_words(source, self._target, self.options.repair_names)
                          if self._acceptable else None)
        self.target_prefix = metadata.get("target_prefix", "") or ""
        # The confidence under which this model's sentences are flagged for review (None: qa's default).
        self.low_confidence = low_confidence_from(metadata)
        try:
            ctranslate2, sentencepiece = _import_backend()
        except ImportError:
            raise SubkitError("translation needs the 'translate' extra: "
                              "pip install torch==2.13.0 && pip install 'subkit[translate]'") from None
        if device == "auto":
            device = "cuda" if ctranslate2.get_cuda_device_count() > 0 else "cpu"
        self.device = device
        # The model's own confidence in each sentence it translated, with the translation it is
        # for (see :meth:`confidences`); _decoded holds the scores of the decoding under way.
        self._confidence: dict[str, tuple[str, float]] = {}
        self._decoded: dict[str, float] = {}
        threads = threads or os.cpu_count() or 1
        try:
            self._translator = ctranslate2.Translator(
                str(model_dir), device=device, inter_threads=1, intra_threads=threads,
                compute_type="auto")
            self._sp = sentencepiece.SentencePieceProcessor(model_file=str(sp_path))
        except (RuntimeError, OSError) as exc:
            raise SubkitError(f"cannot load the model: {exc}", str(self.package_dir)) from None

    def translate(self, sentences: Sequence[str],
                  progress: Callable[[int], None] | None = None) -> list[str]:
        """Translate *sentences* (order kept). *progress* is called with the number done per chunk.
        Addresses, handles and emoji are copied as they are (:mod:`subkit.translate.verbatim`)."""
        if not sentences:
            return []
        masks = [mask(s) for s in sentences]
        results = [unmask(r, tokens) for r, (_, tokens) in zip(self._translate([m for m, _ in masks], progress), masks)]
        for sentence, (masked, _), text in zip(sentences, masks, results):
            score = self._decoded.pop(masked, None)
            if score is not None:
                self._confidence[sentence] = (text, score)
        return results

    def _translate(self, sentences: Sequence[str], progress: Callable[[int], None] | None) -> list[str]:
        opts = self.options
        closed = [opts.close_fragments and _is_fragment(s) for s in sentences]
        results = self._translate_pieces(sentences, [self._pieces(s, c) for s, c in zip(sentences, closed)],
                                         progress)
        results = [unclosed(r) if c else r for r, c in zip(results, closed)]
        # The model may answer a closed fragment with the full stop alone ("ici ." -> "."): that one
        # is decoded as it came.
        lost = [i for i, (r, c) in enumerate(zip(results, closed)) if c and not _WORDLIKE.search(r)]
        if lost:
            again = self._translate_pieces([sentences[i] for i in lost],
                                           [self._pieces(sentences[i], False) for i in lost], None)
            for i, text in zip(lost, again):
                results[i] = text
        return [_ellipsis_kept(s, r) for s, r in zip(sentences, results)]

    def _pieces(self, sentence: str, close: bool) -> list[str]:
        return self._sp.encode(unify_apostrophes(sentence) + (" ." if close else ""), out_type=str)

    def _translate_pieces(self, sentences: Sequence[str], pieces: list[list[str]],
                          progress: Callable[[int], None] | None) -> list[str]:
        """The translations of *sentences* (encoded as *pieces*): a beam, a wider beam for those that
        fail the word checks, then forbidding their invented words (see DecodeOptions)."""
        opts = self.options
        results: list[str] = [""] * len(pieces)
        kept: dict[int, list[str]] = {}
        failed = self._decode_into(results, sentences, pieces, range(len(pieces)), opts.beam_size, progress,
                                   kept=kept)
        if failed and opts.retry_beam > opts.beam_size:
            failed = self._decode_into(results, sentences, pieces, failed, opts.retry_beam, None, retry=True)
        if failed and opts.invented_retries and self._invented:
            self._forbid_invented(results, sentences, pieces, failed, kept)
        return results

    def _decode_into(self, results: list[str], sentences: Sequence[str], pieces: list[list[str]],
                     todo: Sequence[int], beam: int, progress: Callable[[int], None] | None,
                     retry: bool = False, kept: dict[int, list[str]] | None = None) -> list[int]:
        """Decode the sentences *todo* with a beam of *beam* into *results* and return those whose
        kept translation still fails the word checks. A first pass fills every slot (and *kept*
        with the pieces of the translations that fail); a *retry* only replaces a translation with
        a clean one."""
        opts = self.options
        failed: list[int] = []
        # Sort by length so each batch pads little.
        order = sorted(todo, key=lambda i: len(pieces[i]))
        for idx in _chunks(order, [len(p) for p in pieces], opts.max_batch_tokens):
            batch = [pieces[i] for i in idx]
            longest = max(len(b) for b in batch)
            prefix = [[self.target_prefix]] * len(batch) if self.target_prefix else None
            out = self._translator.translate_batch(
                batch,
                target_prefix=prefix,
                max_batch_size=opts.max_batch_tokens,
                batch_type="tokens",
                beam_size=beam,
                length_penalty=opts.length_penalty,
                repetition_penalty=opts.repetition_penalty,
                no_repeat_ngram_size=opts.no_repeat_ngram_size,
                # Under-trained models can loop; a cap keeps decoding bounded.
                max_decoding_length=min(512, int(1.5 * longest) + 10),
                replace_unknowns=True,
                return_scores=True,
                num_hypotheses=beam if self._acceptable else 1,
            )
            for i, res in zip(idx, out):
                k, text, clean = self._choose(sentences[i], res.hypotheses)
                if not clean:
                    failed.append(i)
                    if retry:
                        continue
                    if kept is not None:
                        kept[i] = res.hypotheses[k]
                results[i] = text
                self._decoded[sentences[i]] = _confidence(res.scores[k], len(res.hypotheses[k]),
                                                          opts.length_penalty)
            if progress:
                progress(len(idx))
        return failed

    def _forbid_invented(self, results: list[str], sentences: Sequence[str], pieces: list[list[str]],
                         todo: Sequence[int], kept: dict[int, list[str]]) -> None:
        """Decode the sentences *todo* again, forbidding the pieces their translations spelt an
        invented (or untranslated) word with (up to where the word went wrong: "▁Russian ava" of
        "Russianavaned"), up to ``invented_retries`` times, each round forbidding the new
        inventions too; keep each sentence's first clean hypothesis, or else the one with the
        fewest such words. The sentences of a batch share their forbidden sequences (one
        CTranslate2 call per batch: 3.5 times faster than one per sentence, same result on FLORES
        dev), so a piece sequence that starts a word of any of their sources is never forbidden."""
        opts = self.options
        beam = max(opts.retry_beam, opts.beam_size)
        banned: dict[int, list[list[str]]] = {i: [] for i in todo}
        # the invented words of each sentence's last hypothesis, and the fewest any hypothesis had
        wrong = {i: self._invented(sentences[i], results[i]) for i in todo}
        fewest = {i: len(wrong[i]) for i in todo}
        for _ in range(opts.invented_retries):
            still: list[int] = []
            order = sorted(todo, key=lambda i: len(pieces[i]))
            for idx in _chunks(order, [len(p) for p in pieces], opts.max_batch_tokens):
                sources = " ".join(sentences[i] for i in idx)
                go = [i for i in idx if self._ban_more(banned[i], self._bans(kept[i], wrong[i], banned[i], sources))]
                if not go:
                    continue
                union: list[list[str]] = []
                for i in go:
                    union += [ban for ban in banned[i] if ban not in union]
                out = self._translator.translate_batch(
                    [pieces[i] for i in go], max_batch_size=opts.max_batch_tokens, batch_type="tokens",
                    target_prefix=[[self.target_prefix]] * len(go) if self.target_prefix else None,
                    beam_size=beam, length_penalty=opts.length_penalty, repetition_penalty=opts.repetition_penalty,
                    no_repeat_ngram_size=opts.no_repeat_ngram_size, replace_unknowns=True, return_scores=True,
                    max_decoding_length=min(512, int(1.5 * max(len(pieces[i]) for i in go)) + 10),
                    num_hypotheses=beam, suppress_sequences=union)
                for i, res in zip(go, out):
                    k, text, clean = self._choose(sentences[i], res.hypotheses)
                    words = () if clean else self._invented(sentences[i], text)
                    if len(words) < fewest[i]:
                        fewest[i], results[i] = len(words), text
                        # a score under forbidden pieces is renormalised over what was left: the
                        # model's own view of this text is scored again (confidences()), as it
                        # is when the text comes back from the memory
                        self._decoded.pop(sentences[i], None)
                    if not clean:
                        kept[i], wrong[i] = res.hypotheses[0], words
                        still.append(i)
            todo = still

    def _bans(self, hypothesis: list[str], wrong: tuple[str, ...], banned: list[list[str]],
              sources: str) -> list[list[str]]:
        """What to forbid for the invented words *wrong* of *hypothesis* (pieces), with the starts it
        shares with what is already *banned* (subkit.translate.invented)."""
        from subkit.translate.invented import pieces_to_ban, shared_starts

        bans = pieces_to_ban(hypothesis, wrong, sources, self._target, self._sp.decode)
        return bans + shared_starts(banned + bans, sources, self._target, self._sp.decode)

    def _ban_more(self, banned: list[list[str]], bans: list[list[str]]) -> bool:
        """Add to *banned* the *bans* it lacks that the model's vocabulary holds (a piece copied from
        the source for an unknown one may not be); whether there were any."""
        new = [ban for ban in bans if ban not in banned
               and all(self._sp.piece_to_id(p) != self._sp.unk_id() for p in ban)]
        banned += new
        return bool(new)

    def _choose(self, sentence: str, hypotheses: list[list[str]]) -> tuple[int, str, bool]:
        """The index and text of the hypothesis to keep, and whether it passes the word checks: the
        best, unless it fails them and a later one of the beam passes them."""
        best = self._decode(hypotheses[0])
        if self._acceptable is None or self._acceptable(sentence, best):
            return 0, best, True
        for k, hypothesis in enumerate(hypotheses[1:], 1):
            text = self._decode(hypothesis)
            if self._acceptable(sentence, text):
                return k, text, True
        return 0, best, False

    def confidences(self, pairs: Sequence[tuple[str, str]]) -> list[float]:
        """The model's confidence in each (source, translation) pair, 0..1: the geometric mean of its
        token probabilities. A translation this engine gave for that source has it from decoding, for
        free; others (a repaired or re-assembled text, one from the translation memory) are scored in
        one pass of the model over the given translation."""
        decoded = [self._confidence.get(src) for src, _ in pairs]
        out = [known[1] if known and known[0] == tgt else None for known, (_, tgt) in zip(decoded, pairs)]
        todo = [i for i, c in enumerate(out) if c is None]
        if todo:
            seen = [masked_pair(*pairs[i]) for i in todo]  # as the model saw them
            sources = [self._sp.encode(unify_apostrophes(src), out_type=str) for src, _ in seen]
            targets = [self._sp.encode(unify_apostrophes(tgt), out_type=str) for _, tgt in seen]
            if self.target_prefix:
                targets = [[self.target_prefix] + t for t in targets]
            scored = self._translator.score_batch(sources, targets, max_batch_size=self.options.max_batch_tokens,
                                                  batch_type="tokens")
            for i, res in zip(todo, scored):
                probs = res.log_probs
                out[i] = math.exp(sum(probs) / len(probs)) if probs else 0.0
        return [float(c) for c in out]

    def _decode(self, tokens: list[str]) -> str:
        if self.target_prefix and tokens and tokens[0] == self.target_prefix:
            tokens = tokens[1:]
        return self._sp.decode(tokens).strip()


_FRAGMENT_END = re.compile(r"[^\W_][\"'’»)\]]*\s*$")  # a letter or digit, maybe quoted, ends it
_WORDLIKE = re.compile(r"[^\W_]")
_ELLIPSIS_END = re.compile(r"(?:\.\.\.|…)(?=[\s\u00a0\u202f\"'’»)\]]*$)")
_LOOSE_STOP = re.compile(r"(?<!\.)\.{0,2}(?=[\"'’»)\]]*\s*$)")  # where the ellipsis belongs


def _is_fragment(sentence: str) -> bool:
    """Whether *sentence* ends without punctuation (see ``DecodeOptions.close_fragments``)."""
    return bool(_FRAGMENT_END.search(sentence))


def _ellipsis_kept(source: str, translation: str) -> str:
    """*translation* ending on the ellipsis its *source* ends on: the model, trained on few of them,
    answers "attention..." with "attention.." or "attention."."""
    end = _ELLIPSIS_END.search(source)
    if not end or _ELLIPSIS_END.search(translation) or not _WORDLIKE.search(translation):
        return translation
    stop = _LOOSE_STOP.search(translation)
    if stop is None or not _WORDLIKE.match(translation[stop.start() - 1: stop.start()]):
        return translation  # "Good?" keeps its question mark
    return translation[: stop.start()] + end.group(0) + translation[stop.end():]


def _confidence(score: float, tokens: int, length_penalty: float) -> float:
    """The geometric mean token probability behind a beam score (CTranslate2 divides the summed log
    probability, end token included, by length ** length_penalty)."""
    length = tokens + 1
    return math.exp(score * length ** length_penalty / length)


def _as_shown(source: str, target: str, repair_names: bool) -> Callable[[str, str], str]:
    """(source, translation) -> the translation with the source's garbled names put back, as the
    pipeline will show it (the translation itself when *repair_names* is off or cannot work)."""
    from subkit.translate.names import NameKeeper

    keeper = NameKeeper(source, target)
    if repair_names and keeper.usable:
        return lambda sentence, text: keeper.repair(sentence, text)[0]
    return lambda sentence, text: text


def _word_checks(source: str, target: str, repair_names: bool = True) -> Callable[[str, str], bool] | None:
    """(source, translation) -> whether the translation has a word where the source has one and
    subkit.translate.qa's word-level checks pass (``non-word``, ``untranslated``, ``offensive``,
    ``repetition``) on the translation as shown (:func:`_as_shown`), or None when *target* has no
    word lists to tell."""
    from subkit.translate.qa import check_non_word, check_offensive, check_repetition
    from subkit.translate.words import has_word_lists

    if not source or not has_word_lists(target):
        return None
    checks = (check_non_word, _listed_untranslated, check_offensive, check_repetition)
    shown = _as_shown(source, target, repair_names)

    def passes(sentence: str, text: str) -> bool:
        if not _WORDLIKE.search(text) and _WORDLIKE.search(sentence):  # "ici ." -> "."
            return False
        text = shown(sentence, text)
        return not any(check(sentence, text, source, target) for check in checks)
    return passes


def _listed_untranslated(source: str, target: str, src: str, tgt: str):
    """qa's ``untranslated`` check for the words of the source language's list only: a lowercase
    word copied from the source that no list knows ("fossile", "algues", "elizabethae") is flagged
    for the reviewer, but forbidding it made FLORES dev worse (README, "Invented words forbidden")."""
    from subkit.translate.qa import check_untranslated

    return check_untranslated(source, target, src, tgt, copied=False)


def _invented_words(source: str, target: str, repair_names: bool = True) -> Callable[[str, str], tuple[str, ...]]:
    """(source, translation) -> the words of the translation as shown (:func:`_as_shown`) that qa
    calls invented (``non-word``), left in the source language (``untranslated``: "Russes" for
    "les Russes") or offensive where the source is not (``offensive``: "Russian-fuck"): all are
    spellings the model should not have chosen, and forbidding them works the same way."""
    from subkit.translate.qa import check_non_word, check_offensive

    shown = _as_shown(source, target, repair_names)
    checks = (check_non_word, _listed_untranslated, check_offensive)

    def invented(sentence: str, text: str) -> tuple[str, ...]:
        text = shown(sentence, text)
        flags = (check(sentence, text, source, target) for check in checks)
        return tuple(w for flag in flags if flag for w in flag.words)
    return invented


def _import_backend():
    """``ctranslate2`` and ``sentencepiece``, with CTranslate2's matrix backend chosen first."""
    # Same model, same input, same English on every x86 CPU: CTranslate2 multiplies int8 matrices
    # with Intel MKL on Intel CPUs and with oneDNN elsewhere, and the two round differently (the seed
    # sample came out different in 7 lines on an Intel and an AMD machine). oneDNN everywhere gives
    # identical output at the same speed (measured within 4 %). CTranslate2 picks its backend when it
    # is first imported, so this is set just before that import; a user's own setting wins.
    os.environ.setdefault("CT2_USE_MKL", "0")
    import ctranslate2
    import sentencepiece

    return ctranslate2, sentencepiece


def _read_json(path: Path) -> dict:
    try:
        return json.loads(path.read_text("utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as exc:
        raise SubkitError(f"unreadable package metadata: {exc}", str(path)) from None


def load_engine(from_code: str, to_code: str, model: str | None = None, device: str = "auto",
                threads: int = 0, options: DecodeOptions | None = None) -> Engine:
    """The engine for a language pair: *model* (a package directory) or the installed package."""
    from subkit import models

    if model:
        path = Path(model)
        if not path.is_dir():
            raise SubkitError("--model must be an installed package directory", model)
        pkg = models.package_from_dir(path)
        return Engine(path, pkg.identity, device, threads, options)
    pkg = models.find_package(from_code, to_code)
    if pkg is None:
        raise SubkitError(
            f"no {from_code}->{to_code} translation model installed; "
            f"run: subkit models install {from_code} {to_code}")
    return Engine(pkg.path, pkg.identity, device, threads, options)
