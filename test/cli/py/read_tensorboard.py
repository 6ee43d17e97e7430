"""Reads a run's TensorBoard event files with TensorBoard's own reader (EventAccumulator).

stdin: {"dir": RUN/tensorboard}. stdout (last line): {"train": {tag: [[step, value], ...]}, "validation": {...},
"files": {"train": [names], "validation": [names]}}.
"""
import json
import os
import sys

from tensorboard.backend.event_processing.event_accumulator import EventAccumulator

args = json.load(sys.stdin)
out = {"files": {}}
for sub in ("train", "validation"):
    path = os.path.join(args["dir"], sub)
    out["files"][sub] = sorted(os.listdir(path))
    acc = EventAccumulator(path, size_guidance={"scalars": 0})
    acc.Reload()
    out[sub] = {tag: [[s.step, s.value] for s in acc.Scalars(tag)] for tag in acc.Tags()["scalars"]}
print(json.dumps(out))
