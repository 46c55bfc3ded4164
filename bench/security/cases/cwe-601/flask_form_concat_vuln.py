"""Flask: a form field with a suffix appended, used as the redirect target; vulnerable."""
from flask import Flask, redirect, request

app = Flask(__name__)


@app.post("/settings")
def save_settings():
    back = request.form["return_to"]
    return redirect(back + "?saved=1", code=303)
