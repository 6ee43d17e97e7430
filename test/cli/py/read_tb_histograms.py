"""Reads the histograms of a TensorBoard event folder with TensorBoard's own reader (EventAccumulator).

stdin: {"dir": RUN/tensorboard/train}. stdout (last line): {tag: [{"step", "min", "max", "num", "sum",
"sum_squares", "bucket_limit", "bucket"}, ...]}.
"""
import json
import sys

from tensorboard.backend.event_processing.event_accumulator import EventAccumulator

args = json.load(sys.stdin)
acc = EventAccumulator(args["dir"], size_guidance={"histograms": 0})
acc.Reload()
out = {}
for tag in acc.Tags()["histograms"]:
    out[tag] = [
        {
            "step": e.step,
            "min": e.histogram_value.min,
            "max": e.histogram_value.max,
            "num": e.histogram_value.num,
            "sum": e.histogram_value.sum,
            "sum_squares": e.histogram_value.sum_squares,
            "bucket_limit": list(e.histogram_value.bucket_limit),
            "bucket": list(e.histogram_value.bucket),
        }
        for e in acc.Histograms(tag)
    ]
print(json.dumps(out))
