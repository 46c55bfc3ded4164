"""Flask: the session receives a constant flag; the request value is only returned; safe."""
from flask import Flask, request, session

app = Flask(__name__)


@app.post("/tour/done")
def tour_done():
    step = request.form.get("step", "")
    session["tour_done"] = True
    return {"last_step": step}
