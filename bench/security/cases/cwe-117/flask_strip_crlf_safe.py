"""Flask: CR and LF are removed from the header value before it is logged; safe."""
import logging

from flask import Flask, request

app = Flask(__name__)
log = logging.getLogger("access")


@app.after_request
def access_log(response):
    request_id = request.headers.get("X-Request-Id", "-").replace("\r", "").replace("\n", "")
    log.info("request " + request_id + " finished with " + str(response.status_code))
    return response
