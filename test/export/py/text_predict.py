"""Text models outside the playground, from raw strings.

stdin JSON: {"torch": {dir, texts} | null, "onnx": {path, texts} | null, "keras": {path, texts} | null}.
- torch: loads dir/model.py + weights.safetensors strictly and calls the generated encode(text)
  and predict_text(text) (which read dir/tokenizer.json).
- onnx: reads the tokenizer from model.onnx's metadata_props ("webgpu-playground:tokenizer"),
  encodes each text with the few lines below (written from the document's fields only, no
  model.py), and runs onnxruntime; for a character model the row at the text's last character.
- keras: keras.saving.load_model on the .keras file (KERAS_BACKEND=torch), the tokenizer read from
  the archive's tokenizer.json with zipfile, the class names from its metadata.json; same encoder.
Last stdout line: JSON {"torch": {"rows": [...], "probs": [...]}, "onnx": {"rows", "probs", "class_names"}}.
"""
import importlib.util
import json
import math
import re
import sys

import numpy as np


def run_torch(a):
    import torch
    from safetensors.torch import load_file

    spec = importlib.util.spec_from_file_location("exported_text_model", f"{a['dir']}/model.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    model = mod.Model()
    model.load_state_dict(load_file(f"{a['dir']}/weights.safetensors"), strict=True)
    model.eval()
    rows = [model.encode(t)[0].double().tolist() for t in a["texts"]]
    probs = [model.predict_text(t).double().tolist() for t in a["texts"]]
    try:
        model.predict_text("  ...  " if mod.load_tokenizer()["kind"] != "chars" else "")
        empty = "accepted"
    except ValueError as e:
        empty = str(e)
    return {"rows": rows, "probs": probs, "empty": empty}


def encode_from_doc(tok, text):
    """Raw text -> (row, count of tokens) following the tokenizer document only."""
    index = {w: i for i, w in enumerate(tok["vocab"]) if i not in (tok["pad_id"], tok["unk_id"]) and w}
    if tok["kind"] == "chars":
        toks = list(text)
    else:
        if tok["max_chars"] is not None:
            text = text[: tok["max_chars"]]  # these texts have no characters outside the BMP
        if tok["lowercase"]:
            text = text.lower()
        for src, dst in tok["replace"]:
            text = text.replace(src, dst)
        toks = re.findall(tok["pattern_python"], text)
    ids = [index.get(t, tok["unk_id"]) for t in toks]
    if tok["kind"] == "bag-of-words":
        f = tok["features"]
        row = [0.0] * f["width"]
        for i in ids:
            row[i] = 1.0 if f["mode"] == "binary" else row[i] + 1.0
        row[tok["pad_id"]] = 0.0
        if f["idf"]:
            row[: len(f["idf"])] = [v * w for v, w in zip(row, f["idf"])]
            norm = math.sqrt(sum(v * v for v in row))
            row = [v / norm for v in row] if norm > 0 else row
        return np.array([row], dtype=np.float32), len(ids)
    n = tok["sequence_length"]
    ids = ids[-n:] if tok["truncation"] == "start" else ids[:n]
    return np.array([ids + [tok["pad_id"]] * (n - len(ids))], dtype=np.int32), len(ids)


def run_onnx(a):
    import onnx
    import onnxruntime as ort

    meta = {p.key: p.value for p in onnx.load(a["path"]).metadata_props}
    tok = json.loads(meta["webgpu-playground:tokenizer"])
    so = ort.SessionOptions()
    so.intra_op_num_threads = 1
    sess = ort.InferenceSession(a["path"], so, providers=["CPUExecutionProvider"])
    (inp,) = sess.get_inputs()
    rows, probs = [], []
    for t in a["texts"]:
        x, count = encode_from_doc(tok, t)
        (y,) = sess.run(None, {inp.name: x})
        y = y[0]
        if tok["output"] == "next-char":
            y = y[count - 1]
        rows.append(x[0].astype(np.float64).tolist())
        probs.append(y.astype(np.float64).tolist())
    return {"rows": rows, "probs": probs, "class_names": json.loads(meta["webgpu-playground:class_names"])}


def run_keras(a):
    import zipfile

    import keras

    with zipfile.ZipFile(a["path"]) as z:
        tok = json.loads(z.read("tokenizer.json"))
        names = json.loads(z.read("metadata.json"))["class_names"]
    model = keras.saving.load_model(a["path"])
    rows, probs = [], []
    for t in a["texts"]:
        x, count = encode_from_doc(tok, t)
        y = np.asarray(model.predict(x, verbose=0))[0]
        if tok["output"] == "next-char":
            y = y[count - 1]
        rows.append(x[0].astype(np.float64).tolist())
        probs.append(y.astype(np.float64).tolist())
    return {"rows": rows, "probs": probs, "class_names": names}


RUN = {"torch": run_torch, "onnx": run_onnx, "keras": run_keras}
args = json.load(sys.stdin)
print(json.dumps({k: RUN[k](v) for k, v in args.items() if v}))
