"""Flask: a constant API URL; the user value is sent only as a query parameter; safe."""
import requests
from flask import Flask, request

app = Flask(__name__)
GEOCODER = "https://geocode.example.com/v1/search"


@app.get("/geocode")
def geocode():
    address = request.args.get("q", "")
    r = requests.get(GEOCODER, params={"q": address, "limit": 1}, timeout=5)
    return r.json()
