"""Flask: request data is pickled (dumps) for a server-side queue, never unpickled from the client; safe."""
import pickle

import redis
from flask import Flask, request

app = Flask(__name__)
queue = redis.Redis()


@app.post("/tasks")
def enqueue():
    task = {"kind": "email", "to": request.form["to"]}
    queue.rpush("tasks", pickle.dumps(task))
    return {"queued": True}
