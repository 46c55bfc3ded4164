"""Flask: posted YAML parsed with yaml.load(Loader=yaml.Loader), which builds arbitrary objects; vulnerable."""
import yaml
from flask import Flask, request

app = Flask(__name__)


@app.post("/pipelines")
def create_pipeline():
    spec = yaml.load(request.get_data(as_text=True), Loader=yaml.Loader)
    return {"steps": len(spec.get("steps", []))}
