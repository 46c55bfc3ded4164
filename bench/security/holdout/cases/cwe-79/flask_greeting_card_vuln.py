"""Flask: card object renders the name attribute into an HTML f-string returned as the response body; vulnerable."""
from flask import Flask, request

app = Flask(__name__)


class GreetingCard:
    def __init__(self, name):
        self.name = name

    def html(self):
        return f"<div class='card'><h1>Happy birthday, {self.name}!</h1></div>"


@app.route("/card")
def card():
    c = GreetingCard(request.args.get("name", "friend"))
    return c.html()
