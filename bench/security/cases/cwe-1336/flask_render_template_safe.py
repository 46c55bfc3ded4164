"""Flask: render_template of a file-based template with the request value as context; safe."""
from flask import Flask, render_template, request

app = Flask(__name__)


@app.errorhandler(404)
def not_found(error):
    return render_template("404.html", path=request.path), 404
