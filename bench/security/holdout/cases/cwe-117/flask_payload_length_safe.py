"""Flask: only the length of the request body is logged; safe."""
import logging

from flask import Flask, jsonify, request

app = Flask(__name__)
log = logging.getLogger("ingest")


@app.route("/ingest", methods=["POST"])
def ingest():
    body = request.get_data()
    log.info("ingest payload of %d bytes", len(body))
    return jsonify({"accepted": True})
