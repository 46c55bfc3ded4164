"""Flask: a template name from the form concatenated to a directory and opened; vulnerable."""
from flask import Flask, request

app = Flask(__name__)


@app.post("/preview")
def preview():
    theme = request.form.get("theme", "default")
    with open("/srv/themes/" + theme + "/style.css") as fh:
        css = fh.read()
    return css, 200, {"Content-Type": "text/css"}
