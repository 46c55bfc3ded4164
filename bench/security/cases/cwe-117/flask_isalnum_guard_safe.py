"""Flask: the id must be alphanumeric (else 400) before it is logged; safe."""
import logging

from flask import Flask, abort, request

app = Flask(__name__)
logger = logging.getLogger(__name__)


@app.get("/orders/lookup")
def lookup():
    order_id = request.args.get("id", "")
    if not order_id.isalnum():
        abort(400)
    logger.info("order lookup %s", order_id)
    return {"id": order_id}
