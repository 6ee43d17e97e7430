

# --- raw text -> input row, from tokenizer.json (written beside this file by the export) ---
# The rules are the playground's own (src/io/tokenizer-json.ts): "words" are token ids padded /
# truncated at the end, "bag-of-words" one row of counts (or 0/1, or L2-normalised tf-idf) per
# text, "chars" the last sequence_length characters of a character language model.
import json as _json
import os as _os
import re as _re

TOKENIZER_FILE = _os.path.join(_os.path.dirname(_os.path.abspath(__file__)), "tokenizer.json")
_TOKENIZERS = {}


def load_tokenizer(path=None):
    """The tokenizer document (a dict) from tokenizer.json beside model.py, or from `path`; checked
    for the fields encode() reads. Also in the weights' safetensors metadata under "tokenizer":
    load_tokenizer_json(safe_open(path, "pt").metadata()["tokenizer"])."""
    path = path or TOKENIZER_FILE
    if path not in _TOKENIZERS:
        with open(path, encoding="utf-8") as f:
            _TOKENIZERS[path] = load_tokenizer_json(f.read())
    return _TOKENIZERS[path]


def load_tokenizer_json(text):
    tok = _json.loads(text)
    if not isinstance(tok, dict) or tok.get("format") != "webgpu-playground-tokenizer" or tok.get("version") != 1:
        raise ValueError("not a webgpu-playground tokenizer document (format / version)")
    if tok.get("kind") not in ("words", "bag-of-words", "chars"):
        raise ValueError(f"unknown tokenizer kind {tok.get('kind')!r}")
    if not isinstance(tok.get("vocab"), list) or not all(isinstance(w, str) for w in tok["vocab"]):
        raise ValueError("the tokenizer's vocab must be a list of strings")
    reserved = (tok["pad_id"], tok["unk_id"])
    tok["_index"] = {w: i for i, w in enumerate(tok["vocab"]) if i not in reserved and w != ""}
    if tok["kind"] != "chars":
        tok["_re"] = _re.compile(tok["pattern_python"])
    return tok


def tokens_of(text, tok):
    """The words (or characters) of `text` the tokenizer reads, before the vocabulary."""
    if not isinstance(text, str):
        raise TypeError("the text must be a str")
    if tok["kind"] == "chars":
        return list(text)  # code points, as the playground counts characters
    if tok["max_chars"] is not None:
        # The playground cuts at UTF-16 code units (a half of a surrogate pair is dropped).
        text = text.encode("utf-16-le", "surrogatepass")[: 2 * tok["max_chars"]].decode("utf-16-le", "ignore")
    if tok["lowercase"]:
        text = text.lower()
    for src, dst in tok["replace"]:
        text = text.replace(src, dst)
    return tok["_re"].findall(text)


def encode(text, tokenizer=None):
    """One input row [1, ...] for the model: int64 token ids, or float32 bag-of-words features."""
    tok = tokenizer if tokenizer is not None else load_tokenizer()
    ids = [tok["_index"].get(t, tok["unk_id"]) for t in tokens_of(text, tok)]
    if tok["kind"] == "bag-of-words":
        f = tok["features"]
        row = [0.0] * f["width"]
        for i in ids:
            row[i] = 1.0 if f["mode"] == "binary" else row[i] + 1.0
        row[tok["pad_id"]] = 0.0
        if f["idf"] is not None:
            sq = 0.0
            for j, w in enumerate(f["idf"]):
                row[j] *= w
                sq += row[j] * row[j]
            if f["normalize"] == "l2" and sq > 0:
                inv = 1.0 / math.sqrt(sq)
                row = [v * inv for v in row]
        return torch.tensor([row], dtype=torch.float64).float()
    n = tok["sequence_length"]
    ids = ids[-n:] if tok["truncation"] == "start" else ids[:n]
    return torch.tensor([ids + [tok["pad_id"]] * (n - len(ids))], dtype=torch.int64)


@torch.no_grad()
def predict_text(model, text, tokenizer=None):
    """What the playground predicts for a typed text: the class probabilities [classes] (a
    character language model: the next character's distribution after the text [vocab])."""
    tok = tokenizer if tokenizer is not None else load_tokenizer()
    count = len(tokens_of(text, tok))
    if count == 0:
        raise ValueError("the text has no words (or characters) the tokenizer reads")
    first = next(iter(model.parameters()), None)
    x = encode(text, tok)
    out = model.predict(x.to(first.device) if first is not None else x)[0]
    if tok["output"] == "next-char":
        out = out[min(count, tok["sequence_length"]) - 1]
    return out
