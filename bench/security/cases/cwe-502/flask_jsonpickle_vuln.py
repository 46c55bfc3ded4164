"""Flask: jsonpickle.decode of a form field (it can instantiate arbitrary classes); vulnerable."""
import jsonpickle
from flask import Flask, request

app = Flask(__name__)


@app.post("/widgets/restore")
def restore_widget():
    blob = request.form["widget"]
    widget = jsonpickle.decode(blob)
    return {"type": type(widget).__name__}
