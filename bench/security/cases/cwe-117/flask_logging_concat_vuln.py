"""Flask: a request-id header concatenated into a logging.info message; vulnerable."""
import logging

from flask import Flask, request

app = Flask(__name__)
log = logging.getLogger("access")


@app.after_request
def access_log(response):
    request_id = request.headers.get("X-Request-Id", "-")
    log.info("request " + request_id + " finished with " + str(response.status_code))
    return response
