"""Flask: the form's target is element 0 of a list and the redirect reads element 0; vulnerable."""
from flask import Flask, redirect, request

app = Flask(__name__)


@app.post("/wizard/done")
def wizard_done():
    targets = [request.form.get("continue_to", "/"), "/dashboard"]
    return redirect(targets[0])
