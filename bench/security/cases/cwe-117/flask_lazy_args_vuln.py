"""Flask: a search term passed as a lazy %s logging argument; %s formatting keeps CR/LF; vulnerable."""
import logging

from flask import Flask, request

app = Flask(__name__)
logger = logging.getLogger(__name__)


@app.get("/search")
def search():
    q = request.args.get("q", "")
    logger.info("search query=%s", q)
    return {"results": []}
