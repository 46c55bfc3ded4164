"""Flask: a footer from the form appended with += to the template source; vulnerable."""
from flask import Flask, render_template_string, request

app = Flask(__name__)


@app.post("/pages/preview")
def preview_page():
    source = "<h1>{{ title }}</h1><main>{{ body }}</main>"
    source += request.form.get("footer", "")
    return render_template_string(source, title="Preview", body=request.form.get("body", ""))
