"""Flask: a helper deletes a cache entry named by a JSON field with os.remove; vulnerable."""
import os

from flask import Flask, request

app = Flask(__name__)
CACHE = "/var/cache/app"


def purge(entry):
    path = f"{CACHE}/{entry}"
    if os.path.exists(path):
        os.remove(path)
        return True
    return False


@app.delete("/cache")
def delete_cache():
    return {"removed": purge(request.get_json()["key"])}
