"""Flask: calculator object evaluates the submitted expression with eval and empty builtins, which is escapable; vulnerable."""
from flask import Flask, jsonify, request

app = Flask(__name__)


class Calculator:
    def __init__(self, form):
        self.expr = form.get("expr", "0")

    def result(self):
        return eval(self.expr, {"__builtins__": {}}, {})


@app.route("/calc", methods=["POST"])
def calc():
    calc = Calculator(request.form)
    return jsonify({"result": calc.result()})
