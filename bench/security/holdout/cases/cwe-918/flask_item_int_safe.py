"""Flask: item id converted with int() before being placed in the path of a fixed API host; safe."""
import requests
from flask import Flask, jsonify, request

app = Flask(__name__)
API = "https://inventory.example.com/api/items/"


@app.route("/items/stock")
def stock():
    item_id = int(request.args.get("id", "0"))
    resp = requests.get(API + str(item_id), timeout=5)
    return jsonify(resp.json())
