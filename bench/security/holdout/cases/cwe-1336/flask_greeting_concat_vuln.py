"""Flask: name concatenated into the template source given to render_template_string; vulnerable."""
from flask import Flask, render_template_string, request

app = Flask(__name__)


@app.route("/greet")
def greet():
    name = request.args.get("name", "visitor")
    source = "<h1>Hello " + name + "!</h1>"
    return render_template_string(source)
