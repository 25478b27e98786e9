# Manual interoperability check against Debian's python3-torch / python3-torchvision (not part of the test suite).
#   /usr/bin/python3 torchvision_roundtrip.py make DIR [ARCH]   torchvision ARCH (resnet18 default; fc removed) -> DIR/tv.ckpt (grid checkpoint),
#                                                        DIR/x.npy (input) and DIR/expected.npy (torchvision's embeddings)
#   ./grid embed DIR/tv.ckpt --input DIR/x.npy --out DIR/grid.npy
#   ./grid export DIR/tv.ckpt --to pytorch --out DIR/export.pt
#   /usr/bin/python3 torchvision_roundtrip.py check DIR [ARCH]  loads export.pt strictly into torchvision and compares embeddings
import json
import struct
import sys
import zipfile

import numpy as np
import torch
import torchvision

DTYPES = {torch.float32: "F32", torch.int64: "I64"}


def encoder(arch):
    model = getattr(torchvision.models, arch)()
    model.fc = torch.nn.Identity()
    return model.eval()


def safetensors_bytes(state):
    header, blobs, offset = {}, [], 0
    for name, tensor in state.items():
        data = tensor.contiguous().numpy().tobytes()
        header[name] = {"dtype": DTYPES[tensor.dtype], "shape": list(tensor.shape), "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    text = json.dumps(header).encode()
    return struct.pack("<Q", len(text)) + text + b"".join(blobs)


def make(folder, arch):
    torch.manual_seed(0)
    model = encoder(arch)
    with torch.no_grad():  # non-trivial BatchNorm statistics
        for name, buffer in model.named_buffers():
            if name.endswith("running_mean"):
                buffer.normal_(0, 0.1)
            elif name.endswith("running_var"):
                buffer.uniform_(0.5, 1.5)
    with zipfile.ZipFile(f"{folder}/tv.ckpt", "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("model.json", json.dumps({"Architecture": arch, "Width": 64}))
        archive.writestr("encoder", safetensors_bytes(model.state_dict()))
    x = torch.randn(4, 3, 64, 96)
    np.save(f"{folder}/x.npy", x.numpy())
    with torch.no_grad():
        np.save(f"{folder}/expected.npy", model(x).numpy())


def check(folder, arch):
    model = encoder(arch)
    result = model.load_state_dict(torch.load(f"{folder}/export.pt"), strict=True)
    print("load_state_dict(strict=True):", result)
    x = torch.from_numpy(np.load(f"{folder}/x.npy"))
    with torch.no_grad():
        exported = model(x).numpy()
    expected = np.load(f"{folder}/expected.npy")
    grid = np.load(f"{folder}/grid.npy")
    print("embeddings", grid.shape, "max |grid embed - torchvision| =", float(np.abs(grid - expected).max()))
    print("max |torchvision(export.pt) - torchvision(original)| =", float(np.abs(exported - expected).max()))


if __name__ == "__main__":
    {"make": make, "check": check}[sys.argv[1]](sys.argv[2], sys.argv[3] if len(sys.argv) > 3 else "resnet18")
