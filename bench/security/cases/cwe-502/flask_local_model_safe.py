"""Flask: pickle.load of a constant server-side file; request data is only the model's input; safe."""
import pickle

from flask import Flask, request

app = Flask(__name__)
with open("/srv/models/classifier.pkl", "rb") as fh:
    MODEL = pickle.load(fh)


@app.post("/classify")
def classify():
    text = request.form.get("text", "")
    return {"label": str(MODEL.predict([text])[0])}
