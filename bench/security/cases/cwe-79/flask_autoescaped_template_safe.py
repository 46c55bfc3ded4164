"""Flask: render_template_string with a constant template and {{ q }}; Flask autoescapes it; safe."""
from flask import Flask, render_template_string, request

app = Flask(__name__)
PAGE = "<h2>Search</h2><p>You searched for: {{ q }}</p>"


@app.get("/search")
def search():
    return render_template_string(PAGE, q=request.args.get("q", ""))
