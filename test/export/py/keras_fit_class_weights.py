"""Keras 3 side of test/export/keras-fit-class-weights.test.ts: loads an exported .keras (its
compile_config is refused when the model has class weights), compiles it with the playground's loss
and plain SGD, and fits `epochs` one-batch epochs with fit(class_weight=...), unshuffled; saves the
result for the playground to import.

stdin JSON: {"models": [{"id", "path", "out", "loss", "lr", "epochs", "class_weight": {class: w},
"x": [n*f], "xshape", "y": [n], "yshape", "xv", "yv", "vshape": validation rows and their targets' shape}]}.
Last stdout line: {id: {"losses": [per epoch], "val_losses": [per epoch]}} or {id: {"error"}}; fit applies
class_weight to the training loss only (val_loss is unweighted).
"""
import json
import os
import sys
import warnings

os.environ.setdefault("KERAS_BACKEND", "torch")
warnings.filterwarnings("ignore")

import keras  # noqa: E402
import numpy as np  # noqa: E402

out = {}
for m in json.load(sys.stdin)["models"]:
    try:
        model = keras.saving.load_model(m["path"], safe_mode=True, compile=False)
        model.compile(optimizer=keras.optimizers.SGD(learning_rate=m["lr"]), loss=m["loss"])
        x = np.asarray(m["x"], dtype=np.float32).reshape(m["xshape"])
        y = np.asarray(m["y"], dtype=np.float32).reshape(m["yshape"])
        cw = {int(k): float(v) for k, v in m["class_weight"].items()}
        xv = np.asarray(m["xv"], dtype=np.float32).reshape([-1, *m["xshape"][1:]])
        yv = np.asarray(m["yv"], dtype=np.float32).reshape(m["vshape"])
        hist = model.fit(x, y, epochs=m["epochs"], batch_size=len(x), shuffle=False, verbose=0, class_weight=cw, validation_data=(xv, yv), validation_batch_size=len(xv))
        model.save(m["out"])
        out[m["id"]] = {"losses": [float(v) for v in hist.history["loss"]], "val_losses": [float(v) for v in hist.history["val_loss"]]}
    except Exception as e:
        out[m["id"]] = {"error": f"{type(e).__name__}: {e}"}
print(json.dumps(out))
