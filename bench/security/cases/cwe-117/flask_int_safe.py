"""Flask: only int() of the query value is logged; safe."""
import logging

from flask import Flask, request

app = Flask(__name__)
logger = logging.getLogger(__name__)


@app.get("/page")
def page():
    number = int(request.args.get("n", "1"))
    logger.info("page %d requested", number)
    return {"page": number}
