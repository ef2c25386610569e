"""Offline translation of subtitles with sentence context (see ``pipeline``).

Nothing heavy is imported here: ``engine`` loads CTranslate2 and SentencePiece only when a
translation actually runs.
"""
