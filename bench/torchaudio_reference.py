#!/usr/bin/python3
"""Reference log-mel spectrograms from torchaudio for Tests/Audio/TorchaudioReferenceTests.

Run with Debian's Python (python3-torchaudio 0.13.1):  /usr/bin/python3 bench/torchaudio_reference.py
Writes small .npy files into Tests/Fixtures/audio/: the input waveforms and, for each case,
torchaudio.transforms.MelSpectrogram (center=True, pad_mode="reflect", power=2) of that input,
computed in float32 (the usual path) and in float64 (MelSpectrogram(...).double()).
"""
import json
import math
import pathlib

import numpy as np
import torch
import torchaudio

OUT = pathlib.Path(__file__).resolve().parent.parent / "Tests" / "Fixtures" / "audio"


def test_signal(sample_rate: int, seconds: float, seed: int) -> np.ndarray:
    """A chirp, two steady tones, a click train and seeded noise: energy across the whole band."""
    rng = np.random.RandomState(seed)
    t = np.arange(int(sample_rate * seconds)) / sample_rate
    chirp = 0.3 * np.sin(2 * math.pi * (100 * t + 0.5 * (sample_rate / 2.5 - 100) / seconds * t ** 2))
    tones = 0.2 * np.sin(2 * math.pi * 440 * t) + 0.1 * np.sin(2 * math.pi * 3150.5 * t + 0.3)
    clicks = np.zeros_like(t)
    clicks[:: sample_rate // 10] = 0.5
    noise = 0.05 * rng.standard_normal(t.shape)
    return (chirp + tones + clicks + noise).astype(np.float32)


# name, sample rate, n_fft, hop, n_mels, f_min, f_max, mel_scale, norm, db
CASES = [
    ("htk_none_1024", 16000, 1024, 512, 64, 0.0, None, "htk", None, False),
    ("htk_slaney_512", 16000, 512, 256, 64, 0.0, None, "htk", "slaney", False),
    ("slaney_none_1024", 16000, 1024, 512, 64, 0.0, None, "slaney", None, False),
    ("slaney_slaney_512", 16000, 512, 256, 40, 0.0, None, "slaney", "slaney", False),
    ("htk_none_400_fmin", 16000, 400, 160, 40, 50.0, 7000.0, "htk", None, False),
    ("slaney_slaney_2048_22k_db", 22050, 2048, 512, 64, 20.0, 11025.0, "slaney", "slaney", True),
]


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    inputs = {16000: test_signal(16000, 0.3, seed=0), 22050: test_signal(22050, 0.3, seed=1)}
    for rate, signal in inputs.items():
        np.save(OUT / f"input_{rate}.npy", signal)
    manifest = []
    for name, rate, n_fft, hop, n_mels, f_min, f_max, mel_scale, norm, db in CASES:
        transform = torchaudio.transforms.MelSpectrogram(
            sample_rate=rate, n_fft=n_fft, hop_length=hop, n_mels=n_mels, f_min=f_min, f_max=f_max,
            mel_scale=mel_scale, norm=norm, center=True, pad_mode="reflect", power=2.0)
        waveform = torch.from_numpy(inputs[rate])
        with torch.no_grad():
            mel32 = transform(waveform)
            mel64 = transform.double()(waveform.double())
        if db:
            to_db = torchaudio.transforms.AmplitudeToDB(stype="power", top_db=None)
            mel32, mel64 = to_db(mel32), to_db(mel64)
        np.save(OUT / f"mel_{name}_f32.npy", np.ascontiguousarray(mel32.numpy(), dtype=np.float32))
        np.save(OUT / f"mel_{name}_f64.npy", np.ascontiguousarray(mel64.numpy(), dtype=np.float32))
        manifest.append(dict(name=name, sample_rate=rate, n_fft=n_fft, hop=hop, n_mels=n_mels, f_min=f_min,
                             f_max=f_max, mel_scale=mel_scale, norm=norm, db=db, input=f"input_{rate}.npy"))
    (OUT / "cases.json").write_text(json.dumps(manifest, indent=1) + "\n")
    print(f"torch {torch.__version__}, torchaudio {torchaudio.__version__}: wrote {len(CASES)} cases to {OUT}")


if __name__ == "__main__":
    main()
