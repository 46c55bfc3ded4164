"""Flask: an uploaded file loaded with pandas.read_pickle (pickle underneath); vulnerable."""
import pandas as pd
from flask import Flask, request

app = Flask(__name__)


@app.post("/datasets")
def upload_dataset():
    frame = pd.read_pickle(request.files["dataset"].stream)
    return {"rows": len(frame), "columns": list(frame.columns)}
