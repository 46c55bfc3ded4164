"""Flask: the export format must be in a fixed set (else 400) before it is logged; safe."""
import logging

from flask import Flask, abort, request

app = Flask(__name__)
logger = logging.getLogger(__name__)
FORMATS = {"csv", "xlsx", "json"}


@app.get("/export")
def export():
    fmt = request.args.get("format", "csv")
    if fmt not in FORMATS:
        abort(400)
    logger.info("export in %s", fmt)
    return {"format": fmt}
