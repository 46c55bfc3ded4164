"""Flask: the form value is element 0 of a list; the redirect reads the constant element 1; safe."""
from flask import Flask, redirect, request

app = Flask(__name__)


@app.post("/wizard/done")
def wizard_done():
    targets = [request.form.get("continue_to", "/"), "/dashboard"]
    app.logger.debug("wizard finished (%d chars ignored)", len(targets[0]))
    return redirect(targets[1])
