#!/usr/bin/python3
"""Reference for ./grid bench row 1: torchaudio's log-mel front end over the benchmark clips, one thread.

Usage: /usr/bin/python3 bench/frontend_reference.py CLIP_DIR MEL_OUT_DIR WARMUPS RUNS
Per clip: torchaudio.load, channels averaged, resampled to 16 kHz with the Kaiser-windowed sinc the grid uses
(32 zero crossings, rolloff 0.92, beta 8.555), MelSpectrogram (n_fft 1024, hop 512, 64 HTK mels, power 2,
centred with reflection), ln(mel + 1e-6). Prints one JSON line with the median clips per second, and writes
each clip's mel power (before the log) into MEL_OUT_DIR for the value comparison: NAME_f32.npy from the usual
float32 path and NAME_f64.npy from the same steps in float64 (both stored as float32).
"""
import copy
import json
import pathlib
import statistics
import sys
import time

import numpy as np
import torch
import torchaudio

RATE = 16000


def features(path, transform, power_only=False, dtype=torch.float32):
    waveform, rate = torchaudio.load(str(path))
    mono = waveform.to(dtype).mean(dim=0)
    if rate != RATE:
        mono = torchaudio.functional.resample(mono, rate, RATE, lowpass_filter_width=32, rolloff=0.92,
                                              resampling_method="kaiser_window", beta=8.555)
    mel = transform(mono)
    return mel if power_only else torch.log(mel + 1e-6)


def main():
    clip_dir, out_dir = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
    warmups, runs = int(sys.argv[3]), int(sys.argv[4])
    torch.set_num_threads(1)
    clips = sorted(clip_dir.glob("*.wav"))
    transform = torchaudio.transforms.MelSpectrogram(
        sample_rate=RATE, n_fft=1024, hop_length=512, n_mels=64, f_min=0.0, f_max=None, mel_scale="htk",
        norm=None, center=True, pad_mode="reflect", power=2.0)
    transform64 = copy.deepcopy(transform).double()
    with torch.no_grad():
        for path in clips:
            for suffix, module, dtype in (("f32", transform, torch.float32), ("f64", transform64, torch.float64)):
                mel = features(path, module, power_only=True, dtype=dtype)
                np.save(out_dir / f"{path.stem}_{suffix}.npy", np.ascontiguousarray(mel.numpy(), dtype=np.float32))
        for _ in range(warmups):
            for path in clips:
                features(path, transform)
        seconds = []
        for _ in range(runs):
            start = time.perf_counter()
            for path in clips:
                features(path, transform)
            seconds.append(time.perf_counter() - start)
    print(json.dumps(dict(clips_per_second=len(clips) / statistics.median(seconds), clips=len(clips),
                          torch=torch.__version__, torchaudio=torchaudio.__version__)))


if __name__ == "__main__":
    main()
