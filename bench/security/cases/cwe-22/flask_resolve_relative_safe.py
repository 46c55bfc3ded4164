"""Flask: Path.resolve() then is_relative_to(base), aborting otherwise, before reading; safe."""
from pathlib import Path

from flask import Flask, abort, request

app = Flask(__name__)
BASE = Path("/srv/themes").resolve()


@app.post("/preview")
def preview():
    theme = request.form.get("theme", "default")
    path = (BASE / theme / "style.css").resolve()
    if not path.is_relative_to(BASE):
        abort(403)
    return path.read_text(), 200, {"Content-Type": "text/css"}
