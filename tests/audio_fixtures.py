"""Test recordings made with espeak-ng itself (another voice and speed: its WORD events are the
exact reference times), with silence, noise and a synthetic music intro; written with PyAV."""

from __future__ import annotations

import numpy as np

RATE = 16000

FRENCH = (
    "Le 24 février 2022, la Russie a lancé une invasion de grande ampleur de l'Ukraine. "
    "Depuis, les combats se concentrent dans l'est du pays, autour de la ville de Bakhmout. "
    "Les bâtiments résidentiels ont été détruits les uns après les autres. "
    "Les habitants qui restent vivent dans les caves, sans eau ni électricité. "
    "Pourtant, les soldats ukrainiens tiennent leurs positions depuis des mois. "
    "Cette résistance a surpris les observateurs étrangers, qui prédisaient une chute rapide. "
    "Au printemps, l'armée prépare une contre-offensive avec des chars venus d'Europe. "
    "Personne ne sait encore si elle réussira à percer les lignes de défense russes."
)


def resample(x: np.ndarray, src: int, dst: int = RATE) -> np.ndarray:
    """Linear resampling to *dst* Hz (int16 input is scaled to ±1)."""
    if x.dtype == np.int16:
        x = x.astype(np.float32) / 32768.0
    t = np.arange(int(len(x) * dst / src)) / dst
    return np.interp(t, np.arange(len(x)) / src, x).astype(np.float32)


def music(seconds: float, seed: int = 0) -> np.ndarray:
    """Chords of sines with a beat: a stand-in for an intro jingle."""
    rng = np.random.default_rng(seed)
    t = np.arange(int(seconds * RATE)) / RATE
    out = np.zeros_like(t)
    chord_len = 1.0
    for k in range(int(np.ceil(seconds / chord_len))):
        root = 110 * 2 ** (rng.integers(0, 12) / 12)
        sel = (t >= k * chord_len) & (t < (k + 1) * chord_len)
        for ratio in (1, 1.26, 1.5, 2):
            out[sel] += np.sin(2 * np.pi * root * ratio * t[sel]) * 0.08
    beat = (np.sin(2 * np.pi * 2 * t) > 0.95) * rng.standard_normal(len(t)) * 0.2
    return (out + beat).astype(np.float32)


def speech(text: str, voice: str = "fr+m3", speed: int = 150, pitch: int = 35):
    """(samples at RATE, word start seconds) of *text* spoken by espeak-ng."""
    from subkit.align.synth import synthesize

    words = text.split()
    syn = synthesize(words, "fr", speed=speed, pitch=pitch, voice=voice)
    return resample(syn.samples, syn.rate), syn.word_starts / syn.rate, words


def recording(text: str = FRENCH, intro_s: float = 0.0, outro_s: float = 0.0, lead_s: float = 1.0,
              noise: float = 0.003, seed: int = 0, **voice):
    """An episode-like mix: music intro, silence, speech, silence, music outro, plus noise."""
    rng = np.random.default_rng(seed)
    samples, starts, words = speech(text, **voice)
    parts = [music(intro_s, seed) if intro_s else np.zeros(0, np.float32), np.zeros(int(lead_s * RATE), np.float32),
             samples, np.zeros(RATE, np.float32), music(outro_s, seed + 1) if outro_s else np.zeros(0, np.float32)]
    offset = (len(parts[0]) + len(parts[1])) / RATE
    mix = np.concatenate(parts)
    mix = mix + noise * rng.standard_normal(len(mix)).astype(np.float32)
    return mix.astype(np.float32), starts + offset, words


def write_media(path, samples: np.ndarray, codec: str = "pcm_s16le", rate: int = RATE, video: bool = False) -> None:
    """Encode *samples* (mono float, RATE Hz) into *path* with PyAV."""
    import av

    pcm = (np.clip(samples, -1, 1) * 32767).astype(np.int16)
    with av.open(str(path), "w") as out:
        if video:
            out.add_stream("mpeg4", rate=5).width = 64
        stream = out.add_stream(codec, rate=rate)
        stream.layout = "mono"
        frame_len = 1024
        fmt = "s16" if codec.startswith("pcm") else stream.format.name
        for a in range(0, len(pcm), frame_len):
            chunk = pcm[a:a + frame_len]
            frame = av.AudioFrame.from_ndarray(chunk[None, :], format="s16", layout="mono")
            frame.sample_rate = RATE
            frame.pts = a
            if fmt != "s16":
                frame = av.AudioResampler(format=fmt, layout="mono", rate=rate).resample(frame)[0]
            for packet in stream.encode(frame):
                out.mux(packet)
        for packet in stream.encode(None):
            out.mux(packet)


def paused(sentences: list[str], gaps_s: list[float], lead_s: float = 1.0, noise: float = 0.003, seed: int = 0,
           **voice):
    """Sentences spoken one by one with the given silences between them: (samples, each sentence's
    (start, end) seconds)."""
    rng = np.random.default_rng(seed)
    parts, spans, t = [np.zeros(int(lead_s * RATE), np.float32)], [], lead_s
    for k, sentence in enumerate(sentences):
        samples, _, _ = speech(sentence, **voice)
        voiced = np.flatnonzero(np.abs(samples) > 0.02)
        spans.append((t + voiced[0] / RATE, t + voiced[-1] / RATE))
        gap = gaps_s[k] if k < len(gaps_s) else 1.0
        parts += [samples, np.zeros(int(gap * RATE), np.float32)]
        t += (len(samples) + int(gap * RATE)) / RATE
    mix = np.concatenate(parts)
    return (mix + noise * rng.standard_normal(len(mix))).astype(np.float32), spans



def notes(seconds: float, seed: int = 0) -> np.ndarray:
    """A tune of quarter-second notes (steady tones, no beat) over a little hiss: music the warping
    once took for speech after a long pause."""
    rng = np.random.default_rng(seed)
    t = np.arange(int(seconds * RATE)) / RATE
    out = 0.03 * rng.standard_normal(len(t))
    step = RATE // 4
    for a in range(0, len(t), step):
        f = (220, 277, 330, 440, 392, 349)[rng.integers(6)]
        out[a:a + step] += 0.15 * np.sin(2 * np.pi * f * t[a:a + step]) + 0.08 * np.sin(4 * np.pi * f * t[a:a + step])
    return (0.8 * out).astype(np.float32)


def programme(plan: list) -> tuple[np.ndarray, list[tuple[float, float]]]:
    """A mix of ("say", text, voice options), ("sil", seconds) and ("music", seconds) items: (samples,
    each item's but silences' (start, end) seconds, a voice's from its energy)."""
    parts, spans, t = [], [], 0.0
    for item in plan:
        if item[0] == "say":
            x = speech(item[1], **item[2])[0]
            voiced = np.flatnonzero(np.abs(x) > 0.01)
            x = x[max(0, voiced[0] - 300):voiced[-1] + 300]
            voiced = np.flatnonzero(np.abs(x) > 0.01)
            spans.append((t + voiced[0] / RATE, t + voiced[-1] / RATE))
        elif item[0] == "music":
            x = notes(item[1], len(parts))
            spans.append((t, t + item[1]))
        else:
            x = np.zeros(int(item[1] * RATE), np.float32)
        parts.append(x)
        t += len(x) / RATE
    mix = np.concatenate(parts)
    return (mix + 0.003 * np.random.default_rng(1).standard_normal(len(mix))).astype(np.float32), spans


ANNA, PAUL = dict(voice="fr+f2", speed=200, pitch=65), dict(voice="fr+m1", speed=185, pitch=25)
# a news programme: music, sentences, quick turns, a last line then 2 s of silence and music (a line
# once timed into that music), then two more lines and music
NEWS = [
    ("music", 4.0), ("sil", 0.3), ("say", "Bonsoir. Il est vingt heures.", ANNA), ("sil", 0.5),
    ("say", "En deux mille vingt-trois, l'inflation a atteint quatre virgule neuf pour cent, contre cinq "
     "virgule deux pour cent en deux mille vingt-deux.", ANNA), ("sil", 0.3),
    ("say", "Le budget passe de un million deux cent mille euros à un million sept cent cinquante mille "
     "euros.", ANNA), ("sil", 1.5),
    ("say", "Combien ?", PAUL), ("sil", 0.25), ("say", "Trois virgule cinq pour cent.", ANNA), ("sil", 0.3),
    ("say", "Et en mille neuf cent quatre-vingt-quinze ?", PAUL), ("sil", 0.25),
    ("say", "Soixante et onze mille chômeurs de plus.", ANNA), ("sil", 2.0), ("music", 2.5), ("sil", 0.5),
    ("say", "Le quatorze juillet, quatre cent cinquante mille spectateurs sont attendus entre vingt-deux "
     "heures et vingt-trois heures trente.", PAUL), ("sil", 0.7),
    ("say", "À demain.", ANNA), ("sil", 0.3), ("music", 3.0),
]
