# Regenerates torchvision_resnet_names.json: torchvision's ResNet state-dict keys and shapes, fc removed.
# Run with Debian's python3-torchvision: /usr/bin/python3 torchvision_resnet_names.py > torchvision_resnet_names.json
import json
import torchvision

fixture = {"torchvision": torchvision.__version__, "models": {}}
for name in ("resnet18", "resnet34", "resnet50"):
    model = getattr(torchvision.models, name)()
    state = {k: list(v.shape) for k, v in model.state_dict().items() if not k.startswith("fc.")}
    params = sum(p.numel() for n, p in model.named_parameters() if not n.startswith("fc."))
    fixture["models"][name] = {"parameters": params, "state_dict": state}
print(json.dumps(fixture, indent=1))
