#!/usr/bin/python3
"""Reference outputs of LAMAE from the PyTorch peer (bench/peer/lamae_peer.py), an independent reading of the model.

The fixture in tests/Lamae.Tests/Models/PeerReference/ (model.safetensors, batch.safetensors, config.json: a micro
LAMAE, 4 ECGs, one with limb leads only, one with its leads in reverse order, and a drawn mask) was written once by

    dotnet bench/Lamae.Bench/bin/Release/net10.0/Lamae.Bench.dll peer-fixture tests/Lamae.Tests/Models/PeerReference batch=4 size=micro seed=2

Run this once with Debian's python3-torch (apt-get install -y python3-torch):

    /usr/bin/python3 tests/reference/peer_reference.py

It writes peer.safetensors next to the fixture: the peer's fp32 loss [], predicted patches [B, 12, N, P], lead weights
[B, 12] and gradient norm [] on that batch and mask, committed. PeerReferenceTests checks that Lamae computes the same
(loss to 1e-5). The tests never run Python.
"""
import json
import pathlib
import struct
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent.parent
sys.path.insert(0, str(ROOT / "bench" / "peer"))
import lamae_peer  # noqa: E402  (sets its environment before torch loads)

lamae_peer.configure_environment(["--threads", "1"])
import torch  # noqa: E402

torch.set_num_threads(1)
FIXTURE = ROOT / "tests" / "Lamae.Tests" / "Models" / "PeerReference"

cfg, model, _ = lamae_peer.load_model(str(FIXTURE))
batch = lamae_peer.read_safetensors(str(FIXTURE / "batch.safetensors"))
mask = lamae_peer.MaskSample(batch["ids_keep"], batch["ids_restore"], batch["lead_visible"], batch["loss_mask"])
model.train()
loss, pred, weights = model(batch["signals"], batch["lead_ids"], mask)
loss.backward()
grad_norm = torch.stack([p.grad.norm() for p in model.parameters() if p.grad is not None]).norm()

tensors = {"loss": loss.detach(), "pred": pred.detach(), "lead_weights": weights.detach(), "grad_norm": grad_norm.detach()}
header, offset, blobs = {}, 0, []
for name, t in tensors.items():
    data = t.contiguous().to(torch.float32).numpy().tobytes()
    header[name] = {"dtype": "F32", "shape": list(t.shape), "data_offsets": [offset, offset + len(data)]}
    offset += len(data)
    blobs.append(data)
header["__metadata__"] = {"by": "tests/reference/peer_reference.py", "torch": torch.__version__}
text = json.dumps(header).encode()
text += b" " * (-len(text) % 8)
out = FIXTURE / "peer.safetensors"
out.write_bytes(struct.pack("<Q", len(text)) + text + b"".join(blobs))
print(f"wrote {out}: loss {loss.item():.9g}, grad norm {grad_norm.item():.9g}, torch {torch.__version__}")
