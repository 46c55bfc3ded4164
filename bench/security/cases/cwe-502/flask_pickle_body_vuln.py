"""Flask: the raw request body unpickled with pickle.loads; vulnerable."""
import pickle

from flask import Flask, request

app = Flask(__name__)


@app.post("/import")
def import_state():
    state = pickle.loads(request.data)
    return {"keys": sorted(state)}
