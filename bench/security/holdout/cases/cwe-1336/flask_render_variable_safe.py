"""Flask: constant template string rendered with the name passed as a context variable; safe."""
from flask import Flask, render_template_string, request

app = Flask(__name__)
GREETING = "<h1>Hello {{ name }}!</h1>"


@app.route("/greet2")
def greet():
    name = request.args.get("name", "visitor")
    return render_template_string(GREETING, name=name)
