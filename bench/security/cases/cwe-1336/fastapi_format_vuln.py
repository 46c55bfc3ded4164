"""FastAPI: a path parameter placed with str.format into a template source; vulnerable."""
from fastapi import FastAPI
from jinja2 import Environment

app = FastAPI()
env = Environment(autoescape=True)


@app.get("/receipt/{customer}")
def receipt(customer: str):
    source = "<p>Receipt for {}</p><p>Total: {{{{ total }}}}</p>".format(customer)
    return {"html": env.from_string(source).render(total="42.00")}
