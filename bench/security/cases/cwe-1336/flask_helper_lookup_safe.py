"""Flask: a helper maps the requested kind to a constant template (default for unknown kinds); safe."""
from flask import Flask, render_template_string, request

app = Flask(__name__)
DEFAULT = "<p>{{ body }}</p>"
LAYOUTS = {"card": "<div class='card'>{{ body }}</div>", "quote": "<blockquote>{{ body }}</blockquote>"}


def layout_for(kind):
    return LAYOUTS.get(kind, DEFAULT)


@app.post("/pages/preview")
def preview_page():
    return render_template_string(layout_for(request.form.get("kind", "")), body=request.form.get("body", ""))
