"""Flask: markupsafe.escape on the comment before it is wrapped in Markup; safe."""
from flask import Flask, render_template, request
from markupsafe import Markup, escape

app = Flask(__name__)


@app.post("/comments/preview")
def preview_comment():
    text = escape(request.form["comment"])
    return render_template("preview.html", body=Markup("<blockquote>%s</blockquote>") % text)
