"""Parses a generated model.py without importing torch: reads {"path"} as JSON on stdin and prints
its module docstring and MODEL_NAME (ast.parse raises on a SyntaxError, failing the test)."""
import ast
import json
import sys

req = json.load(sys.stdin)
with open(req["path"], encoding="utf-8") as f:
    tree = ast.parse(f.read(), req["path"])
name = None
for node in tree.body:
    if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "MODEL_NAME" for t in node.targets):
        name = ast.literal_eval(node.value)
print(json.dumps({"doc": ast.get_docstring(tree, clean=False), "name": name}))
