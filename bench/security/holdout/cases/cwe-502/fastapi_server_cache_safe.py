"""FastAPI: report name only hashed into a cache key; the unpickled bytes come from the server-side Redis cache; safe."""
import hashlib
import pickle

import redis
from fastapi import FastAPI, HTTPException

app = FastAPI()
cache = redis.Redis(host="localhost", port=6379)


@app.get("/reports/{name}")
def cached_report(name: str):
    key = "report:" + hashlib.sha256(name.encode()).hexdigest()
    blob = cache.get(key)
    if blob is None:
        raise HTTPException(status_code=404)
    report = pickle.loads(blob)
    return {"rows": len(report)}
