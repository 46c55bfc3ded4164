"""Flask: posted YAML parsed with yaml.safe_load (plain data types only); safe."""
import yaml
from flask import Flask, request

app = Flask(__name__)


@app.post("/pipelines")
def create_pipeline():
    spec = yaml.safe_load(request.get_data(as_text=True))
    return {"steps": len(spec.get("steps", []))}
