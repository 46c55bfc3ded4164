"""FastAPI: the path value converted with int() before it is concatenated into the template source; safe."""
from fastapi import FastAPI
from jinja2 import Environment

app = FastAPI()
env = Environment(autoescape=True)


@app.get("/receipt/{number}")
def receipt(number: str):
    source = "<p>Receipt #" + str(int(number)) + "</p><p>Total: {{ total }}</p>"
    return {"html": env.from_string(source).render(total="42.00")}
