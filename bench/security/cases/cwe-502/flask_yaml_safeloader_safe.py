"""Flask: yaml.load with Loader=yaml.SafeLoader on form data; safe."""
import yaml
from flask import Flask, request

app = Flask(__name__)


@app.post("/settings/import")
def import_settings():
    settings = yaml.load(request.form["settings"], Loader=yaml.SafeLoader)
    return {"imported": sorted(settings)}
