"""Flask: importer object parses the raw request body with yaml.load and the full unsafe yaml.Loader; vulnerable."""
import yaml
from flask import Flask, jsonify, request

app = Flask(__name__)


class ConfigImport:
    def __init__(self, raw):
        self.raw = raw

    def parse(self):
        return yaml.load(self.raw, Loader=yaml.Loader)


@app.route("/config/import", methods=["POST"])
def import_config():
    cfg = ConfigImport(request.get_data(as_text=True)).parse()
    return jsonify({"keys": sorted(cfg) if isinstance(cfg, dict) else []})
