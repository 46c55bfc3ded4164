"""Flask: a comment wrapped in markupsafe.Markup (trusted HTML) and rendered; vulnerable."""
from flask import Flask, render_template, request
from markupsafe import Markup

app = Flask(__name__)


@app.post("/comments/preview")
def preview_comment():
    text = request.form["comment"]
    html = Markup(f"<blockquote>{text}</blockquote>")
    return render_template("preview.html", body=html)
