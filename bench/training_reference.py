#!/usr/bin/python3
"""Reference for ./grid bench row 2: torchvision's ResNet on random log-mel-shaped input, fixed thread count.

Usage: /usr/bin/python3 bench/training_reference.py ARCH BATCH MELS FRAMES THREADS WARMUPS RUNS
Training: resnet with a 10-class fc, cross-entropy, SGD (lr 0.01, momentum 0.9, weight decay 1e-4);
one step = forward + backward + optimizer step over BATCH samples. Inference: eval mode, no_grad, the
pooled embedding (fc replaced by identity). Prints one JSON line with the median samples per second of each.
"""
import json
import statistics
import sys
import time

import torch
import torchvision


def median_seconds(action, warmups, runs):
    for _ in range(warmups):
        action()
    seconds = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        seconds.append(time.perf_counter() - start)
    return statistics.median(seconds)


def main():
    arch = sys.argv[1]
    batch, mels, frames, threads, warmups, runs = (int(a) for a in sys.argv[2:8])
    torch.set_num_threads(threads)
    torch.manual_seed(0)
    model = getattr(torchvision.models, arch)(num_classes=10)
    inputs = torch.randn(batch, 3, mels, frames)
    labels = torch.randint(0, 10, (batch,))
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9, weight_decay=1e-4)
    loss_function = torch.nn.CrossEntropyLoss()

    def train_step():
        optimizer.zero_grad()
        loss_function(model(inputs), labels).backward()
        optimizer.step()

    model.train()
    train = median_seconds(train_step, warmups, runs)
    model.fc = torch.nn.Identity()
    model.eval()
    with torch.no_grad():
        infer = median_seconds(lambda: model(inputs), warmups, runs)
    print(json.dumps(dict(train_samples_per_second=batch / train, inference_samples_per_second=batch / infer,
                          torch=torch.__version__, threads=torch.get_num_threads())))


if __name__ == "__main__":
    main()
