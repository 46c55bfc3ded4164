"""Flask: render_template_string with a constant template that marks the user value `|safe`; vulnerable."""
from flask import Flask, render_template_string, request

app = Flask(__name__)
PAGE = "<h2>Search</h2><p>You searched for: {{ q|safe }}</p>"


@app.get("/search")
def search():
    return render_template_string(PAGE, q=request.args.get("q", ""))
